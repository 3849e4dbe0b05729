import type { App, WebForm } from '@crm/schemas';
import type { Knex } from 'knex';
import { NotFoundError, TooManyRequestsError, ValidationError, type ErrorDetail } from '../errors/index.js';
import { findUserByEmail, toActor } from '../people/users.repository.js';
import type { Actor } from '../people/user.types.js';
import { createRecordService, type BeforeSaveHook, type RecordEventSink } from '../records/index.js';
import { HONEYPOT_INPUT, parseSubmission } from './web-form-input.parser.js';
import { WebFormInvalidError } from './web-form-invalid.error.js';
import { WebFormSpamError } from './web-form-spam.error.js';
import { countSubmission, DEFAULT_WEB_FORM_LIMIT, forgetOldCounters } from './web-form-throttle.store.js';
import type { WebFormLocale } from './web-form-locale.policy.js';

/*
 * One public submission: the form (404 when missing or switched off) -> the address's rate limit
 * (429, counted for every attempt) -> the honeypot (400) -> the form's own checks (422 per input)
 * -> one transaction: the record through the records service, then the submission's consent and
 * campaign beside it. The record service writes as the process "web-form:<name>" acting with its
 * own rights, for the form's owner when the form names an active person (records are then theirs
 * and `$user` defaults resolve to them). Those rights are safe to grant because the values come
 * only from the form's fields (web-form-input.parser.ts), every one checked by the definition's
 * rules as a fillable, writable field; the record's own validation, before-save processes, history
 * and outbox run as for any create, so the processes bound to the entity start.
 * A refused submission writes nothing but its rate-limit counter.
 */

export interface SubmissionDeps {
  knex: Knex;
  app: App;
  hooks: readonly BeforeSaveHook[];
  events: RecordEventSink;
}

export interface SubmissionInput {
  formName: string;
  body: unknown;
  query: unknown;
  address: string | null;
  locale: WebFormLocale;
}

export interface AcceptedSubmission {
  form: WebForm;
  recordId: string;
}

/** The form served at /f/<name>: published and not switched off. */
export function findPublicForm(app: App, name: string): WebForm {
  const form = (app.webForms ?? []).find((f) => f.name === name && f.enabled !== false);
  if (!form) {
    const message = `There is no web form "${name}".`;
    throw NotFoundError.create(message, [{ field: 'form', code: 'UNKNOWN_WEB_FORM', message, message_ru: `Веб-формы «${name}» нет.` }]);
  }
  return form;
}

async function ownerOf(knex: Knex, form: WebForm): Promise<Actor | null> {
  if (!form.owner) return null;
  const row = await findUserByEmail(knex, form.owner);
  return row && !row.disabled ? toActor(row) : null;
}

function invalid(details: readonly ErrorDetail[]): Error {
  const [first] = details;
  return WebFormInvalidError.create(details.length === 1 && first ? first.message : `${details.length} inputs are not filled in correctly.`, [...details]);
}

export async function submitWebForm(deps: SubmissionDeps, input: SubmissionInput): Promise<AcceptedSubmission> {
  const { knex, app } = deps;
  const form = findPublicForm(app, input.formName);
  const entity = app.entities.find((e) => e.name === form.entity);
  if (!entity) throw NotFoundError.create(`The entity of web form "${form.name}" is gone.`);

  const verdict = await countSubmission(knex, form.name, input.address, form.rateLimit ?? DEFAULT_WEB_FORM_LIMIT);
  if (!verdict.allowed) {
    const message = `Too many submissions from this address; try again in ${verdict.retryAfterSeconds} s.`;
    throw TooManyRequestsError.create(message, [
      { field: 'form', code: 'RATE_LIMITED', message, message_ru: `Слишком много отправок с этого адреса; попробуйте через ${verdict.retryAfterSeconds} с.`, retryAfterSeconds: verdict.retryAfterSeconds },
    ]);
  }
  const parsed = parseSubmission(app, form, entity, input.body, input.query);
  if (parsed.honeypotFilled) {
    throw WebFormSpamError.create(undefined, [{ field: HONEYPOT_INPUT, code: 'SPAM_SUSPECTED', message: 'The submission looks automated and was not accepted.', message_ru: 'Отправка похожа на автоматическую и не принята.' }]);
  }
  if (parsed.problems.length > 0) throw invalid(parsed.problems);

  const owner = await ownerOf(knex, form);
  const caller = { user: owner, process: { name: `web-form:${form.name}`, actAs: 'system' as const } };
  try {
    const recordId = await knex.transaction(async (trx) => {
      const records = createRecordService({ db: trx, app, caller, hooks: deps.hooks, events: deps.events });
      const record = await records.create(entity.name, parsed.values);
      const consentText = form.consent && parsed.consent ? (form.consent.text[input.locale] ?? form.consent.text.en) : null;
      await trx('web_form_submissions').insert({
        form: form.name,
        entity: entity.name,
        record_id: record.id,
        address: input.address,
        locale: input.locale,
        consent_text: consentText,
        consented_at: consentText === null ? null : trx.fn.now(),
        utm: JSON.stringify(parsed.utm),
      });
      return record.id;
    });
    await forgetOldCounters(knex);
    return { form, recordId };
  } catch (error) {
    // The record's own validation answers 400 for the API; on a form it is the visitor's input.
    if (ValidationError.is(error)) throw invalid(error.details);
    throw error;
  }
}
