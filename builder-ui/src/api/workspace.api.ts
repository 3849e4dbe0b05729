import type { WorkspaceEntitiesResponse, WorkspaceEntity } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/** /api/workspace: what the signed-in person may open. */
export async function fetchWorkspaceEntities(): Promise<WorkspaceEntity[]> {
  return (await apiRequest<WorkspaceEntitiesResponse>('GET', '/api/workspace/entities')).entities;
}
