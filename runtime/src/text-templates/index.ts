/*
 * Text templates (README.md beside this file): Liquid rendering with our filters, and what a
 * template sees of a record. Other areas (documents, e-mail, mailings) import only from here.
 */
export { renderTemplate, checkTemplate, templateProblem, type RenderOptions } from './text-template.renderer.js';
export { TemplateInvalidError } from './template-invalid.error.js';
export type { TemplateLocale } from './template-filters.rules.js';
export { amountInWordsRu } from './amount-in-words.rules.js';
export { loadRecordContext, templateExpandPaths, type RecordTemplateContext, type TemplateRecord, type TemplatePerson, type LoadContextOptions } from './record-context.loader.js';
export { requireTemplate, createRecordDocument, renderDocument, templateNotFound, DOCUMENT_FILE_FIELD, type CreateDocumentOptions } from './record-document.service.js';
export { findTextTemplate, insertTextTemplate, listTextTemplates } from './text-template.store.js';
export { parseTextTemplateInput } from './text-template-input.parser.js';
export { textTemplatesRoutes } from './text-templates.routes.js';
export { recordDocumentsRoutes } from './record-documents.routes.js';
