import type { App } from '@crm/schemas';
import { apiRequest, isApiError } from './http.client.js';

export const LIVE_DEFINITION_PATH = '/api/definitions/live';

/** /api/definitions (builders only): the published app; null when nothing is published yet. */
export async function fetchLiveDefinition(): Promise<App | null> {
  try {
    return await apiRequest<App>('GET', LIVE_DEFINITION_PATH);
  } catch (error: unknown) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}
