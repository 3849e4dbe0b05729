import { isEngineRequestError, isStepFailure, SAVE_REFUSED, saveRefusalOf, StepFailure, type EngineRequestError, type SaveRefusal } from '@crm/engine';
import type { UiLocale } from '@crm/schemas';
import type { Knex } from 'knex';
import { readUserLocale } from '../auth/user-locale.store.js';
import { BadRequestError, ConflictError, ForbiddenError, isAppError, NotFoundError, ProcessFailedError, type AppError } from '../errors/index.js';

/*
 * Errors crossing the engine boundary, both ways. A records-service error inside a step becomes a
 * StepFailure: the caller's kind of error (4xx) would fail the same way again, so it is permanent,
 * except a version conflict (someone saved meanwhile), which a retry resolves. A StepFailure out of
 * a before-save process becomes a 422 naming the process and the node (a refusal by a failed end
 * node: its own ru/en words, pointed at its field), except LOCK_TIMEOUT (api.lock could not have its
 * key in time: another save held it), which is a 409 like a version conflict, since trying again
 * a moment later will likely succeed; an engine request error its HTTP kind.
 */

/** The step failure of a before-save script's api.lock that could not be had in time (engine script.node.ts). */
const LOCK_TIMEOUT = 'LOCK_TIMEOUT';

function localizedDetail(value: unknown): { ru: string; en: string } | null {
  if (typeof value !== 'object' || value === null || !('ru' in value) || !('en' in value)) return null;
  return typeof value.ru === 'string' && typeof value.en === 'string' ? { ru: value.ru, en: value.en } : null;
}

const RETRYABLE_CODES = new Set(['VERSION_CONFLICT', 'PRECONDITION_FAILED']);

export function toStepFailure(error: unknown): unknown {
  if (!isAppError(error) || error.status >= 500) return error;
  const retryable = RETRYABLE_CODES.has(error.code);
  const details = error.details.map((d) => ({ ...d }));
  return new StepFailure(error.code, error.message, retryable, { status: error.status, details: JSON.parse(JSON.stringify(details)) });
}

/**
 * The caller's language for a refusal's headline: the one they chose in the UI, English otherwise
 * (as the rest of the API speaks). Read in the save's transaction (PGlite has one connection); only
 * for a refusal, whose transaction is still sound, unlike one a failed statement aborted.
 */
export async function callerLocale(trx: Knex, user: { id: string } | null, error: unknown): Promise<UiLocale> {
  // A lock that timed out rolled back only its savepoint (engine-locks.port.ts): the transaction is sound.
  if (!user || (saveRefusalOf(error) === null && !(isStepFailure(error) && error.code === LOCK_TIMEOUT))) return 'en';
  return (await readUserLocale(trx, user.id)) ?? 'en';
}

function refusalAnswer(refusal: SaveRefusal, locale: UiLocale): AppError {
  const headline = {
    ru: `Процесс «${refusal.processLabel.ru}» не дал сохранить запись: ${refusal.text.ru}`,
    en: `The process “${refusal.processLabel.en}” refused the save: ${refusal.text.en}`,
  };
  return ProcessFailedError.create(headline[locale], [
    {
      code: SAVE_REFUSED,
      ...(refusal.field === undefined ? {} : { field: refusal.field }),
      nodeId: refusal.nodeId,
      process: refusal.process,
      processLabel: refusal.processLabel,
      message: refusal.text.en,
      message_ru: refusal.text.ru,
    },
  ]);
}

/** A failure out of a before-save process as the 422 the caller gets: a refusal in its own words, any other failure naming its process and node. */
export function processFailure(error: unknown, locale: UiLocale = 'en'): AppError | unknown {
  if (!isStepFailure(error)) return error;
  const refusal = saveRefusalOf(error);
  if (refusal) return refusalAnswer(refusal, locale);
  const nodeId = typeof error.details['nodeId'] === 'string' ? error.details['nodeId'] : undefined;
  const process = typeof error.details['process'] === 'string' ? error.details['process'] : undefined;
  if (error.code === LOCK_TIMEOUT) {
    const text = localizedDetail(error.details['message']) ?? { ru: error.message, en: error.message };
    return ConflictError.create(text[locale], [{ code: LOCK_TIMEOUT, ...(nodeId ? { nodeId } : {}), ...(process ? { process } : {}), message: text.en, message_ru: text.ru }]);
  }
  return ProcessFailedError.create(`${process ? `The process ${process}` : 'A process'} failed: ${error.message}`, [
    {
      code: error.code,
      ...(nodeId ? { nodeId } : {}),
      ...(process ? { process } : {}),
      message: error.message,
      message_ru: `Процесс не выполнен, запись не сохранена: ${error.message}`,
    },
  ]);
}

export function fromEngineRequestError(error: unknown): unknown {
  if (!isEngineRequestError(error)) return error;
  const request: EngineRequestError = error;
  const details = [{ ...(request.field ? { field: request.field } : {}), code: request.code, message: request.message, message_ru: request.messageRu }];
  switch (request.code) {
    case 'NOT_FOUND':
      return NotFoundError.create(request.message, details);
    case 'FORBIDDEN':
      return ForbiddenError.create(request.message, details);
    case 'CONFLICT':
      return ConflictError.create(request.message, details);
    case 'INVALID':
      return BadRequestError.create(request.message, details);
  }
}
