import { isJsonObject, toJson, type JsonValue } from '../json.types.js';
import { userValue } from '../values/value-scope.js';
import { stepError, StepFailure } from '../run/step-failure.js';
import { defineNodeType, type NodeContext, type NodeResult } from './node-type.js';
import { findUnstorable, storableText } from './script-output.rules.js';
import { nodeOutputIssues, SCRIPT_FIND_LIMIT, type ScriptApiName, type ScriptNode } from '@crm/schemas';

/*
 * Runs the analyst's script in the sandbox (ScriptPort: isolated-vm with memory, CPU and wall-clock
 * limits). It gets a copy of the record, the trigger, the earlier steps, the user and the time, and
 * a narrow API that reads and writes records with the permissions of the person who caused the run
 * (with nobody behind the run, with the process's own). Its return value is the step's output.
 *
 * It is `external` work: in an after-save run the worker commits the step as running, runs the
 * script holding no connection or transaction, then applies the result in a short transaction
 * (see worker/job.processor.ts). Each API call the script makes takes a connection of its own for
 * that call only. So a script's own record writes are at-least-once, like an HTTP step's call: a
 * worker dying after the script wrote and before the step was applied runs the script again.
 * Before-save and simulated runs cannot let go of their transaction (the save, the rolled-back
 * test run), so there the time limit is capped at INLINE_TIMEOUT_MS.
 *
 * api.lock(...key) is what makes a before-save check raceless (issue 14: "read the other bookings,
 * refuse on a clash" let two saves at the same instant both pass, each reading before the other had
 * committed). It takes a lock held by the save's own transaction until that commits or rolls back
 * (LocksPort; the runtime: pg_advisory_xact_lock). A second save asking for the same key waits at
 * its call until the first has committed; saves run in READ COMMITTED, where each statement reads
 * a fresh snapshot, so the second's next findRecords sees the first's record. The waiting is
 * bounded: all of a script's lock calls together wait at most its time limit (at most
 * INLINE_TIMEOUT_MS, 1 s, in a save). It is a budget of waiting, not a deadline from the script's
 * start: the time limit counts CPU, and a cold sandbox can take most of a second to start a script
 * before it calls anything. A key that cannot be had in time fails the step with LOCK_TIMEOUT,
 * which the host answers as a conflict to retry (the holder's save commits within its own script's
 * limits, so a retry soon after finds the key free). Only a
 * run that holds its transaction across the script can hold a lock: before-save, and a test run
 * (simulate) of a before-save process, which holds its rolled-back transaction like a save (a test
 * run of an after-save process refuses the call, as its real runs will). An after-save script's calls each
 * take a connection of their own, so there the call is refused (and at publish, script-lock.rules
 * in @crm/schemas). A refused or failed lock fails the step even when the script catches the error:
 * going on without the lock would be the very race the script asked to be protected from.
 */

/** The longest a script may hold a transaction someone waits on (a record save, a test run). */
export const INLINE_TIMEOUT_MS = 1000;

function text(value: JsonValue | undefined, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what} must be a non-empty string`);
  return value;
}

function fields(value: JsonValue | undefined): Record<string, unknown> {
  if (!isJsonObject(value)) throw new Error('values must be an object of field names to values');
  return value;
}

interface ApiFailures {
  /** Whether every host API failure the script met was transient (a retry may succeed). */
  allTransient: boolean;
}

type ScriptApiFn = (...args: JsonValue[]) => Promise<JsonValue>;

/** The most parts a lock key may have and the longest its text may be (it is hashed: it only needs to tell keys apart). */
const LOCK_KEY_LIMITS = { parts: 8, chars: 1000 };

/** The key's text: its parts as JSON, so ('a:b') and ('a', 'b') are different keys. */
function lockKey(parts: JsonValue[]): string {
  if (parts.length === 0 || parts.length > LOCK_KEY_LIMITS.parts) throw new Error(`api.lock takes 1 to ${LOCK_KEY_LIMITS.parts} key parts, not ${parts.length}`);
  const bad = parts.findIndex((part) => part !== null && typeof part !== 'string' && typeof part !== 'number' && typeof part !== 'boolean');
  if (bad >= 0) throw new Error(`api.lock: key part ${bad + 1} must be a string, a number, a boolean or null`);
  const text = JSON.stringify(parts);
  if (text.length > LOCK_KEY_LIMITS.chars) throw new Error(`api.lock: the key is longer than ${LOCK_KEY_LIMITS.chars} characters`);
  return text;
}

/** What api.lock does for one script run: takes keys on the run's transaction, within the time left. */
interface ScriptLocks {
  take(parts: JsonValue[]): Promise<void>;
  /** The failure of a lock the script asked for and did not get: it fails the step whatever the script did next. */
  failure: StepFailure | null;
}

function scriptLocks(ctx: NodeContext<ScriptNode>, budgetMs: number): ScriptLocks {
  let waitedMs = 0;
  const locks: ScriptLocks = {
    failure: null,
    async take(parts) {
      const key = lockKey(parts);
      // A test run behaves as its process will: it locks like a before-save save, and refuses for an after-save process.
      const processMode = ctx.app.processes?.find((p) => p.name === ctx.run.process)?.mode ?? 'after-save';
      if (ctx.run.mode === 'after-save' || processMode !== 'before-save') {
        locks.failure = stepError(
          'SCRIPT_LOCK_OUTSIDE_SAVE',
          `The script of node ${ctx.node.id} called api.lock in an after-save process, where each api call has a connection of its own and a lock would be let go at once; call it in a before-save process.`,
          { key },
        );
      } else if (!ctx.db.isTransaction) {
        // Cannot happen while save-writes.policy counts a script as writing (the save then has a transaction); never lock in the void.
        locks.failure = stepError('SCRIPT_LOCK_NO_TRANSACTION', `The script of node ${ctx.node.id} called api.lock, but its run holds no transaction to keep the lock in.`, { key });
      } else {
        const waitMs = Math.max(1, Math.floor(budgetMs - waitedMs));
        const started = performance.now();
        const held = await ctx.ports.locks.holdUntilCommit(ctx.db, key, waitMs);
        waitedMs += performance.now() - started;
        if (held) return;
        const shown = parts.map((part) => String(part)).join(', ');
        // What the person reads (the host answers 409 in their language): busy, not wrong; try again.
        const message = {
          en: `Another save held the lock (${shown}) that process ${ctx.run.process} needs for longer than its script may wait (${waitMs} ms); nothing was saved. Try again in a moment.`,
          ru: `Другое сохранение дольше, чем может ждать скрипт (${waitMs} мс), держало блокировку (${shown}), нужную процессу ${ctx.run.process}; ничего не сохранено. Повторите через мгновение.`,
        };
        locks.failure = new StepFailure('LOCK_TIMEOUT', message.en, true, { key, waitedMs: waitMs, message });
      }
      throw locks.failure;
    },
  };
  return locks;
}

function scriptApi(ctx: NodeContext<ScriptNode>, failures: ApiFailures, locks: ScriptLocks): Record<string, ScriptApiFn> {
  const actor = ctx.actor(ctx.run.user ? 'user' : 'system');
  // Keyed by the catalog's union: a function the catalog lists and the engine lacks does not compile.
  const api: Record<ScriptApiName, ScriptApiFn> = {
    async getRecord(entity, id) {
      return toJson(await ctx.ports.records.get(actor, text(entity, 'entity'), text(id, 'id')));
    },
    async findRecords(entity, filter, limit) {
      const max = typeof limit === 'number' ? Math.max(1, Math.min(SCRIPT_FIND_LIMIT, Math.floor(limit))) : 50;
      const query = filter === undefined || filter === null ? { limit: max } : { filter, limit: max };
      return toJson(await ctx.ports.records.list(actor, text(entity, 'entity'), query));
    },
    async createRecord(entity, values) {
      const created = await ctx.ports.records.create(actor, text(entity, 'entity'), fields(values));
      ctx.effect({ kind: 'create_record', entity: text(entity, 'entity'), id: created.id, by: 'script' });
      return toJson(created);
    },
    async updateRecord(entity, id, values) {
      const updated = await ctx.ports.records.update(actor, text(entity, 'entity'), text(id, 'id'), fields(values));
      ctx.effect({ kind: 'update_record', entity: text(entity, 'entity'), id: text(id, 'id'), values: toJson(values), by: 'script' });
      return toJson(updated);
    },
    async lock(...parts) {
      await locks.take(parts);
      return null;
    },
  };
  // A refusal (not found, not allowed, invalid values) would be refused again: remember it, so the
  // step fails for good instead of retrying; a database hiccup stays retryable.
  const watched: Record<string, (...args: JsonValue[]) => Promise<JsonValue>> = {};
  for (const [name, fn] of Object.entries(api)) {
    watched[name] = async (...args) => {
      try {
        return await fn(...args);
      } catch (error) {
        if (!(error instanceof StepFailure) || !error.retryable) failures.allTransient = false;
        throw error;
      }
    };
  }
  return watched;
}

export const scriptNode = defineNodeType({
  type: 'script',
  work: 'external',
  callTimeoutMs: (node) => node.config.timeoutMs ?? 1000,
  async execute(ctx): Promise<NodeResult> {
    const { source, language, memoryMb } = ctx.node.config;
    const configured = ctx.node.config.timeoutMs ?? 1000;
    const timeoutMs = ctx.run.mode === 'after-save' ? configured : Math.min(configured, INLINE_TIMEOUT_MS);
    const failures: ApiFailures = { allTransient: true };
    const locks = scriptLocks(ctx, timeoutMs);
    const outcome = await ctx.ports.scripts.run({
      source,
      language: language ?? 'javascript',
      input: {
        record: toJson(ctx.record()),
        trigger: toJson(ctx.scope.trigger),
        steps: toJson(ctx.scope.steps),
        user: toJson(userValue(ctx.run.user)),
        now: ctx.now.toISOString(),
      },
      api: scriptApi(ctx, failures, locks),
      timeoutMs,
      memoryMb: memoryMb ?? 32,
    });
    // Logs and errors are the script's text too: stored escaped, never refused.
    for (const line of outcome.logs) ctx.log(line.level === 'error' ? 'error' : line.level === 'warn' ? 'warn' : 'info', storableText(line.message));
    if (timeoutMs < configured) ctx.log('warn', `The time limit was ${timeoutMs} ms, not ${configured} ms: a ${ctx.run.mode} run holds a transaction while its script runs.`);
    if (locks.failure) throw locks.failure;
    if (!outcome.ok) {
      const where = outcome.error.line === undefined ? '' : ` (line ${outcome.error.line}${outcome.error.column === undefined ? '' : `, column ${outcome.error.column}`})`;
      const message = storableText(outcome.error.message);
      // A script fails the same way on every attempt, except when the host API it called failed.
      const failure = stepError(`SCRIPT_${outcome.error.code}`, `The script of node ${ctx.node.id} failed${where}: ${message}`, toJsonObject({ ...outcome.error, message }));
      throw outcome.error.code === 'API_ERROR' && failures.allTransient ? new StepFailure(failure.code, failure.message, true, failure.details) : failure;
    }
    const unstorable = findUnstorable(outcome.output);
    // The same script returns the same value on every attempt: fail for good, naming where it is.
    if (unstorable) {
      throw stepError('SCRIPT_OUTPUT_INVALID', `The script of node ${ctx.node.id} returned a value that cannot be stored: ${unstorable.path} ${unstorable.reason}.`, {
        path: unstorable.path,
      });
    }
    // A declared result shape is a promise to the conditions and steps that read it.
    if (ctx.node.config.output !== undefined) {
      const problems = nodeOutputIssues(ctx.app, ctx.node, ctx.run.subject?.entity, outcome.output);
      if (problems.length > 0) {
        throw stepError('SCRIPT_OUTPUT_INVALID', `The script of node ${ctx.node.id} returned a value that does not fit its declared output: ${problems.slice(0, 3).join('; ')}.`, {
          problems: problems.slice(0, 10),
        });
      }
    }
    return { kind: 'continue', output: outcome.output };
  },
});

function toJsonObject(value: object): Record<string, JsonValue> {
  const json = toJson(value);
  return isJsonObject(json) ? Object.fromEntries(Object.entries(json).map(([k, v]) => [k, toJson(v)])) : {};
}
