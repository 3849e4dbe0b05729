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

function scriptApi(ctx: NodeContext<ScriptNode>, failures: ApiFailures): Record<string, ScriptApiFn> {
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
      api: scriptApi(ctx, failures),
      timeoutMs,
      memoryMb: memoryMb ?? 32,
    });
    // Logs and errors are the script's text too: stored escaped, never refused.
    for (const line of outcome.logs) ctx.log(line.level === 'error' ? 'error' : line.level === 'warn' ? 'warn' : 'info', storableText(line.message));
    if (timeoutMs < configured) ctx.log('warn', `The time limit was ${timeoutMs} ms, not ${configured} ms: a ${ctx.run.mode} run holds a transaction while its script runs.`);
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
