import { apiRequest } from './http.client.js';

/* /api/settings/public-url (admins): the address recipients reach the product at; mailing links use it. */

export interface PublicUrlSetting {
  /** What the admin stored, or null. */
  publicUrl: string | null;
  /** What links use: the stored value, else the operator's CRM_PUBLIC_URL, else null. */
  effective: string | null;
}

export function fetchPublicUrl(): Promise<PublicUrlSetting> {
  return apiRequest<PublicUrlSetting>('GET', '/api/settings/public-url');
}

/** Stores the URL; '' or null removes it. */
export function savePublicUrl(publicUrl: string | null): Promise<PublicUrlSetting> {
  return apiRequest<PublicUrlSetting>('PUT', '/api/settings/public-url', { publicUrl });
}
