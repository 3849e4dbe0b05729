import { createHash } from 'node:crypto';
import type { App, CreateDocumentResponse, TextTemplate, TextTemplateKind } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import { NotFoundError, ValidationError } from '../errors/index.js';
import { insertFile, markAttached } from '../files/file.repository.js';
import type { RecordCaller } from '../records/index.js';
import { takeDocumentNumber } from './document-number.service.js';
import { renderDocumentPdf } from './document-pdf.renderer.js';
import { loadRecordContext, type RecordTemplateContext } from './record-context.loader.js';
import { findDocumentByIdempotencyKey, insertRecordDocument } from './record-documents.store.js';
import type { TemplateLocale } from './template-filters.rules.js';
import { renderTemplate } from './text-template.renderer.js';
import { findTextTemplate } from './text-template.store.js';

/*
 * A document for a record: the template rendered with what the caller may read of the record
 * (record-context.loader), turned into a PDF, stored as a file (the files table, attached at once
 * so the stale-uploads duty keeps it) and tied to the record in record_documents, which the
 * record's timeline lists. Used by POST /api/records/:entity/:id/documents, the preview and the
 * engine's document node (through the engine host's port, in the step's transaction).
 * A numbered template takes its number, renders and saves in one savepoint: a document that fails
 * to render or save gives its number back (document-sequence.store).
 */

/** Files of documents are not in a file field; this name (fields cannot start with _) marks them. */
export const DOCUMENT_FILE_FIELD = '_documents';

export function templateNotFound(name: string): Error {
  const message = `There is no template "${name}".`;
  return NotFoundError.create(message, [{ field: 'template', code: 'TEMPLATE_NOT_FOUND', message, message_ru: `Шаблона «${name}» нет.` }]);
}

/** The template by name, of the kind and entity asked for; 404 TEMPLATE_NOT_FOUND / 400 otherwise. */
export async function requireTemplate(db: Knex, name: unknown, kind: TextTemplateKind, entity: string): Promise<TextTemplate> {
  const template = typeof name === 'string' ? await findTextTemplate(db, name) : null;
  if (!template) throw templateNotFound(String(name));
  if (template.kind !== kind || template.entity !== entity) {
    const message = `The template "${template.name}" is not a ${kind} template for ${entity}.`;
    throw ValidationError.create(message, [{ field: 'template', code: 'TEMPLATE_NOT_APPLICABLE', message, message_ru: `Шаблон «${template.name}» не подходит для этой записи.` }]);
  }
  return template;
}

/** A file name without path separators or control characters, at most 150 characters, ending in .pdf. */
export function pdfFileName(rendered: string, fallback: string): string {
  const cleaned = rendered.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/\.pdf$/i, '').slice(0, 150).trim();
  return `${cleaned || fallback}.pdf`;
}

export interface RenderedDocument {
  pdf: Buffer;
  fileName: string;
}

/**
 * `locale` is the language asked for (the app's default unless the caller names one); a template
 * written in one language (its `locale`) prints its dates, numbers and money in that one, so an
 * English invoice in a Russian app reads "December 5, 2026", whoever makes it.
 */
export async function renderDocument(template: TextTemplate, context: RecordTemplateContext, asked: TemplateLocale): Promise<RenderedDocument> {
  const locale = template.locale ?? asked;
  const html = await renderTemplate(template.body, context, locale, { html: true, field: 'body' });
  const name = template.fileName ? await renderTemplate(template.fileName, context, locale, { field: 'fileName' }) : '';
  const fileName = pdfFileName(name, template.label[locale] || template.name);
  const pdf = await renderDocumentPdf(html, { title: fileName.replace(/\.pdf$/, ''), ...(context.user ? { author: context.user.name } : {}) });
  return { pdf, fileName };
}

export interface CreateDocumentOptions {
  app: App;
  policy?: AccessPolicy;
  locale: TemplateLocale;
  runId?: string;
  /** A process step's key: the same step never makes two documents. */
  idempotencyKey?: string;
}

export async function createRecordDocument(db: Knex, caller: RecordCaller, entity: string, recordId: string, templateName: unknown, options: CreateDocumentOptions): Promise<CreateDocumentResponse> {
  if (options.idempotencyKey) {
    const made = await findDocumentByIdempotencyKey(db, options.idempotencyKey);
    if (made) return { file: made.file, document: { template: made.template, fileName: made.fileName, ...(made.number === undefined ? {} : { number: made.number }) } };
  }
  const template = await requireTemplate(db, templateName, 'document', entity);
  const context = await loadRecordContext(db, caller, entity, recordId, { app: options.app, ...(options.policy ? { policy: options.policy } : {}) });
  // A savepoint inside the caller's transaction (a transaction of its own otherwise).
  const made = await db.transaction(async (trx) => {
    const number = await takeDocumentNumber(trx, template, context);
    const { pdf, fileName } = await renderDocument(template, { ...context, document: { number } }, options.locale);
    const createdBy = caller.user?.id ?? null;
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const file = await insertFile(trx, { entity, field: DOCUMENT_FILE_FIELD, name: fileName, mime: 'application/pdf', sha256, content: pdf, createdBy });
    await markAttached(trx, [file.key]);
    await insertRecordDocument(trx, {
      entity,
      recordId: context.record.id,
      template: template.name,
      fileName,
      fileKey: file.key,
      createdBy,
      runId: options.runId ?? null,
      idempotencyKey: options.idempotencyKey ?? null,
      number,
    });
    return { file, fileName, number };
  });
  const { file, fileName, number } = made;
  return { file: { name: file.name, size: file.size, mime: file.mime, key: file.key }, document: { template: template.name, fileName, ...(number === null ? {} : { number }) } };
}
