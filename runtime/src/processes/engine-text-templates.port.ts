import type { ProcessActor, TextTemplatesPort } from '@crm/engine';
import type { App } from '@crm/schemas';
import { isAppError } from '../errors/index.js';
import type { RecordCaller } from '../records/index.js';
import { createRecordDocument, loadRecordContext, renderTemplate, requireTemplate } from '../text-templates/index.js';

/*
 * The engine's text-templates port (engine/src/ports/text-templates.port.ts) over ../text-templates, in
 * the step's transaction (actor.db) with the run's caller: a process acting as itself reads the
 * record whole, one acting as its user with that user's permissions. Refusals become values the
 * node turns into step errors (TEMPLATE_NOT_FOUND, TEMPLATE_INVALID, RECORD_NOT_FOUND).
 */

function callerOf(actor: ProcessActor): RecordCaller {
  return { user: actor.user, process: { name: actor.process, ...(actor.runId ? { runId: actor.runId } : {}), depth: actor.depth, actAs: actor.actAs } };
}

type Refusal = { ok: false; code: 'TEMPLATE_NOT_FOUND' | 'TEMPLATE_INVALID' | 'RECORD_NOT_FOUND'; message: string };

function refusal(error: unknown): Refusal {
  if (!isAppError(error)) throw error;
  const detail = error.details[0]?.code;
  if (detail === 'TEMPLATE_NOT_FOUND' || detail === 'TEMPLATE_NOT_APPLICABLE') return { ok: false, code: 'TEMPLATE_NOT_FOUND', message: error.message };
  if (error.code === 'TEMPLATE_INVALID') return { ok: false, code: 'TEMPLATE_INVALID', message: `${error.message} ${error.details.map((d) => `${d.field ?? ''}${typeof d['line'] === 'number' ? `:${d['line']}` : ''} ${d.message}`).join('; ')}` };
  if (error.status === 404) return { ok: false, code: 'RECORD_NOT_FOUND', message: error.message };
  throw error;
}

function localeOf(app: App): 'ru' | 'en' {
  return app.settings?.defaultLocale ?? 'ru';
}

export const engineTextTemplatesPort: TextTemplatesPort = {
  async createDocument(actor, request) {
    try {
      const made = await createRecordDocument(actor.db, callerOf(actor), request.entity, request.recordId, request.template, {
        app: actor.app,
        locale: localeOf(actor.app),
        runId: actor.runId,
        idempotencyKey: request.idempotencyKey,
      });
      return { ok: true, value: { fileKey: made.file.key, fileName: made.document.fileName, template: made.document.template, ...(made.document.number === undefined ? {} : { number: made.document.number }) } };
    } catch (error) {
      return refusal(error);
    }
  },
  async renderEmail(actor, request) {
    try {
      const template = await requireTemplate(actor.db, request.template, 'email', request.entity);
      const context = await loadRecordContext(actor.db, callerOf(actor), request.entity, request.recordId, { app: actor.app });
      // A template written in one language renders in it (see renderDocument).
      const locale = template.locale ?? localeOf(actor.app);
      const html = /^\s*<[a-z!]/i.test(template.body);
      const subject = await renderTemplate(template.subject ?? '', context, locale, { field: 'subject' });
      return { ok: true, value: { subject, body: await renderTemplate(template.body, context, locale, { html, field: 'body' }), html } };
    } catch (error) {
      return refusal(error);
    }
  },
};
