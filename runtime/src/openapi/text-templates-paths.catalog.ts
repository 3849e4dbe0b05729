import type { JsonSchema } from '@crm/schemas';
import { ANY_OBJECT, NO_CONTENT, jsonAnswer, jsonBody, operation, pathParam, queryParam, schemaRef } from './openapi-operation.factory.js';
import type { PathSet } from './openapi.types.js';
import type { CallerView } from './described-entities.policy.js';
import { entityTypeStem } from './record-paths.factory.js';

/*
 * Text templates, documents and record e-mail (../text-templates, ../mail): Liquid templates
 * managed by admins and builders, a record's PDFs and its e-mail. Types: @crm/schemas
 * http/text-templates.contract.ts.
 */

const LABEL: JsonSchema = { type: 'object', properties: { ru: { type: 'string' }, en: { type: 'string' } }, required: ['ru', 'en'] };

const TEXT_TEMPLATE: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
    kind: { type: 'string', enum: ['document', 'email'] },
    entity: { type: 'string' },
    label: LABEL,
    subject: { type: 'string', description: 'E-mail: the subject (Liquid).' },
    fileName: { type: 'string', description: 'Document: the file name without .pdf (Liquid).' },
    body: { type: 'string', description: 'Liquid; documents: an HTML subset (h1-h3, p, strong, em, br, hr, ul/ol/li, tables, div.signature).' },
    locale: { type: 'string', enum: ['ru', 'en'], description: 'The language the text is written in (absent: the app default).' },
    numbering: {
      type: 'object',
      description: 'Document: a sequential number, {{ document.number }}.',
      properties: {
        format: { type: 'string', description: '{n}, {n:0000}, {yyyy}, {yy}, {mm} and literal text, e.g. СЧ-{yyyy}-{n:0000}.' },
        sequence: { type: 'string', description: 'The counter shared by templates naming it (default: the template name).' },
        reset: { type: 'string', enum: ['never', 'yearly'] },
      },
      required: ['format'],
    },
    updatedAt: { type: 'string' },
  },
  required: ['name', 'kind', 'entity', 'label', 'body'],
};

const FILE: JsonSchema = { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' }, mime: { type: 'string' }, key: { type: 'string', format: 'uuid' } }, required: ['name', 'size', 'mime', 'key'] };

const RECORD_DOCUMENT: JsonSchema = {
  type: 'object',
  properties: { file: FILE, template: { type: 'string' }, fileName: { type: 'string' }, number: { type: 'string', description: 'Its sequential number, when its template is numbered.' }, createdAt: { type: 'string' }, createdBy: { type: ['object', 'null'] }, runId: { type: ['string', 'null'] } },
  required: ['file', 'template', 'fileName', 'createdAt'],
};

const PDF = { description: 'The PDF.', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };
const RECORD_PARAMS = [pathParam('id', 'The record.')];

export function textTemplatesPaths(view: CallerView | null): PathSet {
  const set: PathSet = {
    schemas: { TextTemplate: TEXT_TEMPLATE, RecordDocument: RECORD_DOCUMENT },
    paths: {
      '/api/text-templates': {
        get: operation({
          id: 'listTextTemplates',
          tag: 'text templates',
          summary: 'Templates of the entities the caller may read (builders: all)',
          params: [queryParam('entity', 'Only this entity’s.'), queryParam('kind', 'document or email.')],
          ok: { '200': jsonAnswer('The templates.', { type: 'object', properties: { items: { type: 'array', items: schemaRef('TextTemplate') } }, required: ['items'] }) },
          errors: ['401'],
        }),
        post: operation({
          id: 'createTextTemplate',
          tag: 'text templates',
          summary: 'A new template (admins and builders); Liquid that does not parse answers 422 TEMPLATE_INVALID with its line',
          body: jsonBody(schemaRef('TextTemplate')),
          ok: { '201': jsonAnswer('Saved.', schemaRef('TextTemplate')) },
          errors: ['400', '401', '403', '409', '422'],
        }),
      },
      '/api/text-templates/{name}': {
        get: operation({ id: 'getTextTemplate', tag: 'text templates', summary: 'One template', params: [pathParam('name', 'The template.')], ok: { '200': jsonAnswer('The template.', schemaRef('TextTemplate')) }, errors: ['401', '404'] }),
        put: operation({ id: 'updateTextTemplate', tag: 'text templates', summary: 'Change a template (admins and builders)', params: [pathParam('name', 'The template.')], body: jsonBody(schemaRef('TextTemplate')), ok: { '200': jsonAnswer('Saved.', schemaRef('TextTemplate')) }, errors: ['400', '401', '403', '404', '422'] }),
        delete: operation({ id: 'deleteTextTemplate', tag: 'text templates', summary: 'Delete a template (admins and builders)', params: [pathParam('name', 'The template.')], ok: { '204': NO_CONTENT }, errors: ['401', '403', '404'] }),
      },
      '/api/text-templates/{name}/preview': {
        post: operation({
          id: 'previewTextTemplate',
          tag: 'text templates',
          summary: 'The template filled from a record the caller may read: a PDF for a document, {subject, body, html} for an e-mail',
          params: [pathParam('name', 'The template.')],
          body: jsonBody({ type: 'object', properties: { recordId: { type: 'string', format: 'uuid' }, locale: { type: 'string', enum: ['ru', 'en'] } }, required: ['recordId'] }),
          ok: { '200': { description: 'The PDF (document) or the e-mail.', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } }, 'application/json': { schema: ANY_OBJECT } } } },
          errors: ['401', '404', '422'],
        }),
      },
    },
  };
  for (const described of view?.entities ?? []) {
    const name = described.entity.name;
    const stem = entityTypeStem(name);
    Object.assign(set.paths, {
      [`/api/records/${name}/{id}/documents`]: {
        get: operation({ id: `list${stem}RecordDocuments`, tag: `records: ${name}`, summary: 'The record’s documents, newest first', params: RECORD_PARAMS, ok: { '200': jsonAnswer('The documents.', { type: 'object', properties: { items: { type: 'array', items: schemaRef('RecordDocument') } }, required: ['items'] }) }, errors: ['401', '404'] }),
        post: operation({
          id: `create${stem}RecordDocument`,
          tag: 'text templates',
          summary: 'Fill a document template from the record, keep the PDF on it',
          params: RECORD_PARAMS,
          body: jsonBody({ type: 'object', properties: { template: { type: 'string' }, locale: { type: 'string', enum: ['ru', 'en'] } }, required: ['template'] }),
          ok: { '201': jsonAnswer('Made.', { type: 'object', properties: { file: FILE, document: { type: 'object', properties: { template: { type: 'string' }, fileName: { type: 'string' }, number: { type: 'string' } } } }, required: ['file', 'document'] }) },
          errors: ['400', '401', '404', '422'],
        }),
      },
      [`/api/records/${name}/{id}/documents/{key}`]: {
        get: operation({ id: `download${stem}RecordDocument`, tag: 'text templates', summary: 'A document of the record', params: [...RECORD_PARAMS, pathParam('key', 'The file key.')], ok: { '200': PDF }, errors: ['401', '404'] }),
      },
      [`/api/records/${name}/{id}/emails`]: {
        get: operation({
          id: `list${stem}RecordEmails`,
          tag: `records: ${name}`,
          summary: 'The record’s e-mails for its timeline, newest first (sender, recipients, subject, times, delivery status; no body)',
          params: RECORD_PARAMS,
          ok: { '200': jsonAnswer('The e-mails.', { type: 'object', properties: { items: { type: 'array', items: ANY_OBJECT } }, required: ['items'] }) },
          errors: ['401', '404'],
        }),
        post: operation({
          id: `send${stem}RecordEmail`,
          tag: 'text templates',
          summary: 'Queue an e-mail about the record; subject and body left out come from the e-mail template',
          params: RECORD_PARAMS,
          body: jsonBody({ type: 'object', properties: { to: { type: 'array', items: { type: 'string' } }, subject: { type: 'string' }, body: { type: 'string' }, template: { type: 'string' } }, required: ['to'] }),
          ok: { '201': jsonAnswer('Queued.', { type: 'object', properties: { mail: ANY_OBJECT }, required: ['mail'] }) },
          errors: ['401', '404', '422'],
        }),
      },
    });
  }
  return set;
}
