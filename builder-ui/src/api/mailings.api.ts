import type { Mailing, MailingAudience, MailingDetail, MailingDraft, MailingPreview, MailingPreviewRequest, Segment, SegmentDraft, SegmentPreview } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/* /api/segments and /api/mailings: segments, mailings, their preview, send and results (contract: @crm/schemas). */

export type { Mailing, MailingAudience, MailingDetail, MailingDraft, MailingPreview, MailingRecipient, MailingResults, RecipientStatus, Segment, SegmentDraft, SegmentPreview } from '@crm/schemas';

const seg = (id: string) => `/api/segments/${encodeURIComponent(id)}`;
const mail = (id: string) => `/api/mailings/${encodeURIComponent(id)}`;

export async function fetchSegments(): Promise<Segment[]> {
  return (await apiRequest<{ data: Segment[] }>('GET', '/api/segments')).data;
}

export function fetchSegment(id: string): Promise<Segment> {
  return apiRequest<Segment>('GET', seg(id));
}

export function saveSegment(id: string | null, draft: SegmentDraft): Promise<Segment> {
  return id ? apiRequest<Segment>('PUT', seg(id), draft) : apiRequest<Segment>('POST', '/api/segments', draft);
}

export function deleteSegment(id: string): Promise<void> {
  return apiRequest<void>('DELETE', seg(id));
}

export function previewSegment(id: string, limit = 5): Promise<SegmentPreview> {
  return apiRequest<SegmentPreview>('GET', `${seg(id)}/preview?limit=${limit}`);
}

export async function fetchMailings(): Promise<Mailing[]> {
  return (await apiRequest<{ data: Mailing[] }>('GET', '/api/mailings')).data;
}

export function fetchMailing(id: string): Promise<MailingDetail> {
  return apiRequest<MailingDetail>('GET', mail(id));
}

export function saveMailing(id: string | null, draft: MailingDraft): Promise<Mailing> {
  return id ? apiRequest<Mailing>('PUT', mail(id), draft) : apiRequest<Mailing>('POST', '/api/mailings', draft);
}

export function deleteMailing(id: string): Promise<void> {
  return apiRequest<void>('DELETE', mail(id));
}

export function previewMailing(request: MailingPreviewRequest): Promise<MailingPreview> {
  return apiRequest<MailingPreview>('POST', '/api/mailings/preview', request);
}

/** How many addresses a send to the segment would reach now, and where the links point (no segment: no one). */
export function fetchAudience(segment: string | null): Promise<MailingAudience> {
  return apiRequest<MailingAudience>('GET', `/api/mailings/audience${segment ? `?segment=${encodeURIComponent(segment)}` : ''}`);
}

export function sendMailing(id: string): Promise<MailingDetail & { queued: number; unsubscribed: number }> {
  return apiRequest<MailingDetail & { queued: number; unsubscribed: number }>('POST', `${mail(id)}/send`, {});
}
