import type { CreateDocumentResponse, EmailPreview, RecordDocumentList, SendEmailRequest, SendEmailResponse, TextTemplate, TextTemplateInput, TextTemplateKind, TextTemplateList } from '@crm/schemas';
import { apiRequest, binaryRequest } from './http.client.js';

/*
 * Document and email templates (runtime/src/text-templates): kept outside the definition, managed
 * by builders and admins, read by everyone for their entity; a preview renders one against a live
 * record (a PDF for a document, the subject and body for an email); a record's page creates a
 * document (saved as a file of the record) or sends an email.
 */

export type {
  CreateDocumentResponse,
  EmailPreview,
  RecordDocument,
  SendEmailRequest,
  SendEmailResponse,
  TextTemplate,
  TextTemplateInput,
  TextTemplateKind,
} from '@crm/schemas';

const BASE = '/api/text-templates';
const one = (name: string) => `${BASE}/${encodeURIComponent(name)}`;
const recordPath = (entity: string, id: string) => `/api/records/${encodeURIComponent(entity)}/${encodeURIComponent(id)}`;

export async function listTextTemplates(filter: { entity?: string; kind?: TextTemplateKind } = {}): Promise<TextTemplate[]> {
  const params = new URLSearchParams();
  if (filter.entity) params.set('entity', filter.entity);
  if (filter.kind) params.set('kind', filter.kind);
  const search = params.toString();
  return (await apiRequest<TextTemplateList>('GET', `${BASE}${search ? `?${search}` : ''}`)).items;
}

export function getTextTemplate(name: string): Promise<TextTemplate> {
  return apiRequest<TextTemplate>('GET', one(name));
}

export function createTextTemplate(template: TextTemplateInput): Promise<TextTemplate> {
  return apiRequest<TextTemplate>('POST', BASE, template);
}

export function saveTextTemplate(template: TextTemplateInput): Promise<TextTemplate> {
  return apiRequest<TextTemplate>('PUT', one(template.name), template);
}

export async function deleteTextTemplate(name: string): Promise<void> {
  await apiRequest<undefined>('DELETE', one(name));
}

/** A document template rendered against a record: the PDF. */
export function previewDocument(name: string, recordId: string): Promise<Blob> {
  return binaryRequest('POST', `${one(name)}/preview`, { recordId });
}

/** An email template rendered against a record. */
export function previewEmail(name: string, recordId: string): Promise<EmailPreview> {
  return apiRequest<EmailPreview>('POST', `${one(name)}/preview`, { recordId });
}

export function createRecordDocument(entity: string, id: string, template: string): Promise<CreateDocumentResponse> {
  return apiRequest<CreateDocumentResponse>('POST', `${recordPath(entity, id)}/documents`, { template });
}

/** The documents made for a record, newest first (its timeline shows them). */
export async function listRecordDocuments(entity: string, id: string): Promise<RecordDocumentList['items']> {
  return (await apiRequest<RecordDocumentList>('GET', `${recordPath(entity, id)}/documents`)).items;
}

/** Where a record's document downloads (a plain link: the browser sends the session cookie). */
export function recordDocumentUrl(entity: string, id: string, key: string): string {
  return `${recordPath(entity, id)}/documents/${encodeURIComponent(key)}`;
}

export function sendRecordEmail(entity: string, id: string, request: SendEmailRequest): Promise<SendEmailResponse> {
  return apiRequest<SendEmailResponse>('POST', `${recordPath(entity, id)}/emails`, request);
}
