import type { ProcessActor } from './engine.ports.js';

/*
 * Documents and e-mail templates for the engine (the `document` node, the `email` node's
 * template). The runtime implements it over its text-templates module, in the step's transaction
 * (actor.db); the engine never imports the runtime. A template that does not exist or does not
 * fit the record is a value, so the node turns it into a step error the run shows.
 */

export type TemplateOutcome<T> = { ok: true; value: T } | { ok: false; code: 'TEMPLATE_NOT_FOUND' | 'TEMPLATE_INVALID' | 'RECORD_NOT_FOUND'; message: string };

export interface TextTemplatesPort {
  /** Renders the document template for the record, keeps the PDF on it; the same key makes it once. `number`: its sequential number, when the template is numbered. */
  createDocument(actor: ProcessActor, request: { entity: string; recordId: string; template: string; idempotencyKey: string }): Promise<TemplateOutcome<{ fileKey: string; fileName: string; template: string; number?: string }>>;
  /** Renders the e-mail template's subject and body for the record. */
  renderEmail(actor: ProcessActor, request: { entity: string; recordId: string; template: string }): Promise<TemplateOutcome<{ subject: string; body: string; html: boolean }>>;
}
