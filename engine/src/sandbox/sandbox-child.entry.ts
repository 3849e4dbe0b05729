/*
 * The sandbox process: started by sandbox-child.process.ts with Node's IPC channel, it runs scripts
 * in isolates (isolate-sandbox.factory.ts) and nothing else. API calls go back to the host, which
 * holds the real functions. It ends when the host goes away (the channel closes) or kills it, which
 * the host does after an out-of-memory: that is how the memory of a failed isolate is given back
 * for certain.
 */
import { createIsolateSandbox } from './isolate-sandbox.factory.js';
import { isHostMessage, type ChildMessage, type HostMessage } from './sandbox-child.types.js';
import type { JsonValue, ScriptApiFunctions, ScriptSandboxOptions } from './sandbox.types.js';

const NUMERIC_OPTIONS = [
  'maxConcurrentRuns',
  'maxIdleIsolates',
  'maxRunsPerIsolate',
  'maxLogLines',
  'maxLogLineChars',
  'maxApiCalls',
  'maxApiPayloadBytes',
  'maxJsonDepth',
] as const;

function optionsFrom(argument: string | undefined): ScriptSandboxOptions {
  const parsed: unknown = argument ? JSON.parse(argument) : {};
  const options: Record<string, number> = {};
  if (typeof parsed === 'object' && parsed !== null) {
    for (const name of NUMERIC_OPTIONS) {
      const value: unknown = Reflect.get(parsed, name);
      if (typeof value === 'number') options[name] = value;
    }
  }
  return options;
}

function send(message: ChildMessage): void {
  // The channel is gone only when the host is; 'disconnect' below ends this process then.
  if (process.connected) process.send?.(message);
}

const sandbox = createIsolateSandbox({
  ...optionsFrom(process.argv[2]),
  onCatastrophicError: (message) => send({ t: 'catastrophe', message }),
});

type PendingCall = { resolve: (value: JsonValue) => void; reject: (error: Error) => void };
const pendingCalls = new Map<number, PendingCall>();
let lastCallId = 0;

/** An error carrying the code the host function threw with, as the in-process API would see it. */
class HostApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

function apiFor(runId: number, names: readonly string[]): ScriptApiFunctions {
  const api: Record<string, (...args: JsonValue[]) => Promise<JsonValue>> = {};
  for (const name of names) {
    api[name] = (...args) =>
      new Promise<JsonValue>((resolve, reject) => {
        lastCallId += 1;
        pendingCalls.set(lastCallId, { resolve, reject });
        send({ t: 'call', id: runId, callId: lastCallId, name, args });
      });
  }
  return api;
}

function settle(message: Extract<HostMessage, { t: 'settle' }>): void {
  const pending = pendingCalls.get(message.callId);
  if (!pending) return;
  pendingCalls.delete(message.callId);
  if (!message.ok) {
    pending.reject(new HostApiError(message.message, message.code ?? undefined));
    return;
  }
  let value: JsonValue;
  try {
    value = JSON.parse(message.json);
  } catch {
    pending.reject(new Error('the API result is not JSON'));
    return;
  }
  pending.resolve(value);
}

function run(message: Extract<HostMessage, { t: 'run' }>): void {
  sandbox
    .run({ source: message.source, input: message.input, api: apiFor(message.id, message.apiNames), ...message.limits })
    .then(
      (result) => send({ t: 'done', id: message.id, result, stats: sandbox.stats() }),
      (error: unknown) =>
        send({
          t: 'done',
          id: message.id,
          result: {
            ok: false,
            error: { code: 'SANDBOX_ERROR', message: error instanceof Error ? error.message : 'the sandbox refused the run' },
            logs: [],
            cpuMs: 0,
            wallMs: 0,
          },
          stats: sandbox.stats(),
        }),
    );
}

process.on('message', (message: unknown) => {
  if (!isHostMessage(message)) return;
  if (message.t === 'run') run(message);
  else settle(message);
});
// The host is gone (exited, crashed or killed): nothing here is worth finishing. Not
// process.exit(): it waits for a script running in an isolate, so a spinning script kept this
// process alive, orphaned and burning a core, after its host was killed.
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
send({ t: 'ready' });
