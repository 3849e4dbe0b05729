import type { DraftTextTemplatesResponse, TemplateDetail, TemplateInstallPreview, TemplateInstallRequest, TemplateInstallResult, TemplateSummary } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/* The template gallery (GET /api/templates, builders and admins) and installing a template (admins). */

export function fetchTemplates(): Promise<TemplateSummary[]> {
  return apiRequest<TemplateSummary[]>('GET', '/api/templates');
}

export function fetchTemplate(name: string): Promise<TemplateDetail> {
  return apiRequest<TemplateDetail>('GET', `/api/templates/${encodeURIComponent(name)}`);
}

/** What installing would create, with the publish plan; nothing changes. */
export function previewTemplateInstall(name: string): Promise<TemplateInstallPreview> {
  return apiRequest<TemplateInstallPreview>('POST', `/api/templates/${encodeURIComponent(name)}/install?dryRun=true`, {});
}

export function installTemplate(name: string, request: TemplateInstallRequest = {}): Promise<TemplateInstallResult> {
  return apiRequest<TemplateInstallResult>('POST', `/api/templates/${encodeURIComponent(name)}/install`, request);
}

/** "Use this template": its document and e-mail templates wait for the next publish (they need its entities). */
export function useTemplateTextTemplates(name: string): Promise<DraftTextTemplatesResponse> {
  return apiRequest<DraftTextTemplatesResponse>('POST', `/api/templates/${encodeURIComponent(name)}/draft-text-templates`, {});
}
