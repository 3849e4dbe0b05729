import type { TemplateDetail, TemplateInstallPreview, TemplateInstallRequest, TemplateInstallResult, TemplateSummary } from '@crm/schemas';
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
