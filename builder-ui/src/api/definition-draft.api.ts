import type { App, DefinitionIssue, PublishDryRunResponse, PublishRequest, PublishResponse, PutDraftResponse, VersionDetail, VersionSummary } from '@crm/schemas';
import { apiRequest, isApiError, sendOnLeave } from './http.client.js';

/*
 * The draft the builder edits (/api/definitions, builders and admins only). Saving always uses
 * allowIssues: a half-drawn process is work in progress, kept with its issues; publish is where
 * issues stop a change.
 */

export const DRAFT_PATH = '/api/definitions/draft';

/** The stored draft (or live, when there is no draft); null when the app has nothing yet. */
export async function fetchDraft(): Promise<unknown> {
  try {
    return await apiRequest<unknown>('GET', DRAFT_PATH);
  } catch (error: unknown) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export function saveDraft(document: unknown): Promise<PutDraftResponse> {
  return apiRequest<PutDraftResponse>('PUT', '/api/definitions/draft?allowIssues=1', document);
}

/** The draft saved as the page goes away; false when it is too large to send then. */
export function saveDraftOnLeave(document: unknown): boolean {
  return sendOnLeave('PUT', '/api/definitions/draft?allowIssues=1', document);
}

/** "Discard changes": the draft goes back to the live definition, which is answered (409 NOTHING_PUBLISHED before the first publish). */
export function discardDraft(): Promise<App> {
  return apiRequest<App>('DELETE', '/api/definitions/draft');
}

export function dryRunPublish(): Promise<PublishDryRunResponse> {
  return apiRequest<PublishDryRunResponse>('POST', '/api/definitions/publish?dryRun=1', {});
}

export function publishDraft(request: PublishRequest): Promise<PublishResponse> {
  return apiRequest<PublishResponse>('POST', '/api/definitions/publish', request);
}

export function fetchVersions(): Promise<VersionSummary[]> {
  return apiRequest<VersionSummary[]>('GET', '/api/definitions/versions');
}

export function fetchVersion(version: number): Promise<VersionDetail> {
  return apiRequest<VersionDetail>('GET', `/api/definitions/versions/${version}`);
}

export type { DefinitionIssue };
