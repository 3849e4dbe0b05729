import type { JsonValue, RunDetail, RunSummary } from '@crm/engine';
import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { loadAccessPolicy, type AccessPolicy } from '../access/index.js';
import { mayEditDefinitions } from '../definitions/definition-access.guard.js';
import type { Actor } from '../people/user.types.js';
import { isAdmin } from '../people/admin-role.check.js';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { recordTable } from '../storage/storage.naming.js';
import { templateReadableBy } from './template-visibility.rules.js';

/*
 * Who sees which process runs (run history obeys permissions like every read path):
 *   admins and builders (who author processes) see every run with its steps' inputs and outputs;
 *   anyone else sees only runs about records they may read, with the trigger's record snapshots
 *   redacted by their field access, and steps without inputs, outputs or effects (those may carry
 *   any field of any record the process touched). Runs about no record are for admins and builders.
 * Errors are payloads too: a script's message is whatever it made of the record (`throw new
 * Error('margin=' + record.margin)`), a step's message may quote a value it refused. So those
 * readers get the error's code, node and attempt count with a generic message, never the text
 * (run error, step error and each waiting job's lastError alike, in the listing and the detail).
 * One exception: a run the process itself ended as failed at an End step reads that step's own
 * words in the version the run ran on, when they are plain text or a template made only of fields
 * of the run's record the reader may see (so no value hidden from them can be in them). They are
 * what the builder wrote for the people who start or meet the process, as a before-save refusal
 * shows them to the person saving.
 */

export interface RunViewer {
  full: boolean;
  policy: AccessPolicy;
  /** The live definition: an End step's authored message is read from it for runs of that version. */
  live: { version: number; app: App };
}

export async function runViewerFor(knex: Knex, live: { version: number; app: App }, actor: Actor, definitions: LiveDefinitionSource): Promise<RunViewer> {
  const full = (await isAdmin(actor, definitions)) || (await mayEditDefinitions(actor.roles, definitions));
  return { full, policy: await loadAccessPolicy(knex, live.app, { user: actor }), live: { version: live.version, app: live.app } };
}

const ENDED_FAILED = 'ENDED_FAILED';

/**
 * The End step's own words for a run it ended as failed, in the version the run ran on: its plain
 * text as written; or, for a template made only of fields of the run's record the reader may see
 * (`fieldVisible`, template-visibility.rules.ts), the words the run recorded with them filled in
 * ("Сумма {{record.amount}} меньше 50 000"). A removed node, another version or any other template:
 * null, and the error stays redacted.
 */
export function authoredEndMessage(
  viewer: Pick<RunViewer, 'live'>,
  run: { process: string; version?: number },
  error: JsonValue,
  fieldVisible?: (field: string) => boolean,
): { en: string; ru: string } | null {
  if (run.version !== viewer.live.version || typeof error !== 'object' || error === null || Array.isArray(error)) return null;
  if (error['code'] !== ENDED_FAILED || typeof error['nodeId'] !== 'string') return null;
  const nodeId = error['nodeId'];
  const node = viewer.live.app.processes?.find((p) => p.name === run.process)?.nodes.find((n) => n.id === nodeId);
  if (node?.type !== 'end') return null;
  const message = node.config?.message;
  if (message === undefined) return null;
  const words = typeof message === 'string' ? { en: message, ru: message } : { en: message.en, ru: message.ru ?? message.en };
  if (!words.en.includes('{{') && !words.ru.includes('{{')) return words;
  if (!fieldVisible || !templateReadableBy(words.en, fieldVisible) || !templateReadableBy(words.ru, fieldVisible)) return null;
  const recorded = { en: error['message'], ru: error['message_ru'] };
  if (typeof recorded.en !== 'string') return null;
  return { en: recorded.en, ru: typeof recorded.ru === 'string' ? recorded.ru : recorded.en };
}

/** A run's error as a reader without payload rights sees it: redacted, or an End step's authored words. */
function readersRunError(viewer: RunViewer, run: { process: string; version?: number; entity?: string | null; error: JsonValue }): JsonValue {
  const redacted = redactedError(run.error);
  const entity = run.entity;
  const authored = authoredEndMessage(viewer, run, run.error, entity ? (field) => viewer.policy.entity(entity).isFieldVisible(field) : undefined);
  if (!authored || typeof redacted !== 'object' || redacted === null || Array.isArray(redacted)) return redacted;
  const { redacted: _flag, ...rest } = redacted;
  return { ...rest, message: authored.en, message_ru: authored.ru };
}

/** The record filter to add to a run listing for this viewer (null: no restriction). */
export function runRecordFilter(viewer: RunViewer, entity: string | null): { table: string; alias: string; sql: string; bindings: readonly unknown[] } | 'none' | null {
  if (viewer.full) return null;
  if (!entity) return 'none';
  const access = viewer.policy.entity(entity);
  if (!access.can('read')) return 'none';
  const alias = 'visible_record';
  const where = access.recordFilter('read', alias);
  return { table: recordTable(entity), alias, sql: where.sql, bindings: where.bindings };
}

function redactSnapshot(viewer: RunViewer, entity: string | null, value: unknown): unknown {
  if (!entity || typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record: Record<string, unknown> = { ...value };
  return viewer.policy.entity(entity).redact(record);
}

const GENERIC_ERROR_MESSAGE = 'The step failed. Only admins and builders see the error text, which may carry record values.';
const GENERIC_ERROR_MESSAGE_RU = 'Шаг завершился ошибкой. Текст ошибки, который может содержать значения записи, видят только администраторы и конструкторы.';
/** Error codes are our own UPPER_SNAKE vocabulary; anything else is shown as a plain failure. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const NODE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** An error as a reader without payload rights sees it: what failed and where, not what it said. */
export function redactedError(error: JsonValue): JsonValue {
  if (error === null) return null;
  const source = typeof error === 'object' && !Array.isArray(error) ? error : {};
  const code = typeof source['code'] === 'string' && ERROR_CODE.test(source['code']) ? source['code'] : 'STEP_FAILED';
  const nodeId = source['nodeId'];
  const attempts = source['attempts'];
  return {
    code,
    message: GENERIC_ERROR_MESSAGE,
    message_ru: GENERIC_ERROR_MESSAGE_RU,
    redacted: true,
    ...(typeof nodeId === 'string' && NODE_ID.test(nodeId) ? { nodeId } : {}),
    ...(typeof attempts === 'number' && Number.isInteger(attempts) ? { attempts } : {}),
  };
}

/** A phase of a step that waited (run-steps.store.ts), as a reader without payload rights sees it: when and how it ended, not what it carried. */
function redactedPhase(phase: JsonValue): JsonValue {
  const source = typeof phase === 'object' && phase !== null && !Array.isArray(phase) ? phase : {};
  const { at = null, finishedAt = null, status = null, handle = null } = source;
  return { at, finishedAt, status, handle, output: null, effects: null, logs: null, error: redactedError(source['error'] ?? null) };
}

/** A run summary (a listing row) as this viewer may see it; the listing already kept only visible runs. */
export function visibleRunSummary(viewer: RunViewer, run: RunSummary): RunSummary {
  return viewer.full ? run : { ...run, error: readersRunError(viewer, run) };
}

/** A run as this viewer may see it; null when they may not see it at all. */
export async function visibleRun(knex: Knex, viewer: RunViewer, run: RunDetail): Promise<RunDetail | RunSummary | null> {
  if (viewer.full) return run;
  if (!run.entity || !run.recordId) return null;
  const access = viewer.policy.entity(run.entity);
  const row: Record<string, unknown> | undefined = await knex(recordTable(run.entity)).where({ id: run.recordId }).first();
  if (!row || !(await access.allows('read', row, knex))) return null;
  const trigger = typeof run.trigger === 'object' && run.trigger !== null && !Array.isArray(run.trigger) ? run.trigger : {};
  const before = redactSnapshot(viewer, run.entity, trigger['before']);
  const after = redactSnapshot(viewer, run.entity, trigger['after']);
  return {
    ...run,
    error: readersRunError(viewer, run),
    trigger: JSON.parse(JSON.stringify({ type: trigger['type'] ?? null, action: trigger['action'] ?? null, before, after })),
    context: null,
    steps: run.steps.map((s) => ({ ...s, input: null, output: null, effects: null, logs: null, error: redactedError(s.error), phases: s.phases.map(redactedPhase) })),
    waiting: run.waiting.map((w) => ({ ...w, lastError: redactedError(w.lastError) })),
  };
}
