import { apiRequest, binaryRequest } from './http.client.js';

/*
 * Document and email templates (runtime/src/text-templates): kept outside the definition, managed
 * by builders and admins, read by everyone for their entity; a preview renders one against a live
 * record (a PDF for a document, the subject and body for an email); a record's page creates a
 * document (saved as a file of the record) or sends an email.
 */

export type TextTemplateKind = 'document' | 'email';

export interface TextTemplate {
  name: string;
  kind: TextTemplateKind;
  entity: string;
  label: { ru: string; en: string };
  /** Email: the subject (Liquid). */
  subject?: string;
  /** Document: the file's name without .pdf (Liquid). */
  fileName?: string;
  /** Liquid; a document's body is an HTML subset. */
  body: string;
  updatedAt: string;
}

export type TextTemplateInput = Omit<TextTemplate, 'updatedAt'>;

export interface EmailPreview {
  subject: string;
  body: string;
}

/** A document created on a record: the file as the files API returns it and what made it. */
export interface CreatedDocument {
  file: { key?: string; name?: string; url?: string; [member: string]: unknown };
  document: { template: string; fileName: string };
}

export interface SentMail {
  mail: { id: number | string; to: string[]; subject: string; status: string };
}

export interface EmailRequest {
  to: string[];
  subject: string;
  body: string;
  template?: string;
}

const BASE = '/api/text-templates';
const one = (name: string) => `${BASE}/${encodeURIComponent(name)}`;
const recordPath = (entity: string, id: string) => `/api/records/${encodeURIComponent(entity)}/${encodeURIComponent(id)}`;

export async function listTextTemplates(filter: { entity?: string; kind?: TextTemplateKind } = {}): Promise<TextTemplate[]> {
  const params = new URLSearchParams();
  if (filter.entity) params.set('entity', filter.entity);
  if (filter.kind) params.set('kind', filter.kind);
  const search = params.toString();
  return (await apiRequest<{ items: TextTemplate[] }>('GET', `${BASE}${search ? `?${search}` : ''}`)).items;
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

export function createRecordDocument(entity: string, id: string, template: string): Promise<CreatedDocument> {
  return apiRequest<CreatedDocument>('POST', `${recordPath(entity, id)}/documents`, { template });
}

export function sendRecordEmail(entity: string, id: string, request: EmailRequest): Promise<SentMail> {
  return apiRequest<SentMail>('POST', `${recordPath(entity, id)}/emails`, request);
}
