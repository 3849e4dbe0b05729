import type { TemplateDetail, TemplateSummary } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/* The template gallery (GET /api/templates, builders and admins). */

export function fetchTemplates(): Promise<TemplateSummary[]> {
  return apiRequest<TemplateSummary[]>('GET', '/api/templates');
}

export function fetchTemplate(name: string): Promise<TemplateDetail> {
  return apiRequest<TemplateDetail>('GET', `/api/templates/${encodeURIComponent(name)}`);
}
