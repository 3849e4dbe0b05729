import ivm from 'isolated-vm';
import type { SandboxIsolate, SettleFunction } from './sandbox.isolate.js';
import type { JsonValue, LogLevel, LogLine, ScriptApiFunctions, ScriptError, ScriptErrorCode, ScriptRunResult } from './sandbox.types.js';
import { parseCompileError, toSourcePosition } from './script-source.wrapper.js';
import { parseUntrustedJson } from './untrusted-json.parser.js';

/*
 * One run in a leased isolate:
 *
 *   compile (cached) -> fresh context -> prelude `install(args, api names, limits, log, call, done)`
 *   -> script.run: the wrapper hands the user's async function to the prelude, which calls it
 *   -> console lines arrive through `log`, API calls through `call` (answered with `settle`),
 *      the outcome through `done` as a JSON string or an error code
 *   -> the run ends once the outcome is known, no call into the isolate is still running and no
 *      host API call is still pending (so no API side effect outlives the run).
 *
 * The watchdog: a wall-clock timer, and a CPU timer that fires when the CPU limit could first have
 * been reached (CPU time never runs ahead of wall time) and re-arms for the remainder. Either one
 * disposes the isolate, which stops whatever it is doing: synchronous loops, microtask loops,
 * Atomics.wait, awaits that never end. If the isolate is idle with no outcome and nothing pending,
 * nothing can ever wake it (no timers, no I/O exist inside), so the run ends at once with WALL_TIMEOUT.
 */
export interface RunSettings {
  timeoutMs: number;
  wallTimeoutMs: number;
  maxOutputBytes: number;
  maxLogLines: number;
  maxLogLineChars: number;
  maxApiCalls: number;
  maxApiPayloadBytes: number;
  maxJsonDepth: number;
  maxMessageChars: number;
}

export interface PreparedRun {
  /** The JavaScript body, for mapping positions. */
  source: string;
  /** The wrapped script that is compiled. */
  code: string;
  /** JSON array of the parameter values, in parameter order. */
  argsJson: string;
  api: ScriptApiFunctions;
  memoryMb: number;
}

type Outcome = { ok: true; output: JsonValue } | { ok: false; error: ScriptError };

const LOG_LEVELS: ReadonlySet<string> = new Set<LogLevel>(['log', 'info', 'warn', 'error']);
const ISOLATE_REPORTED_CODES: ReadonlySet<string> = new Set<ScriptErrorCode>(['SCRIPT_ERROR', 'API_ERROR', 'OUTPUT_NOT_JSON', 'OUTPUT_TOO_LARGE']);

function isLogLevel(level: string): level is LogLevel {
  return LOG_LEVELS.has(level);
}

function isIsolateReportedCode(code: string): code is ScriptErrorCode {
  return ISOLATE_REPORTED_CODES.has(code);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A host-side error from isolated-vm or from an API function, as text; never calls into user data. */
function hostErrorText(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

/** What the script sees of a failed API call: the message the host function threw, nothing more. */
function apiErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'the API call failed';
}

function hostErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function runInIsolate(isolate: SandboxIsolate, run: PreparedRun, settings: RunSettings): Promise<ScriptRunResult> {
  return new ScriptRunSession(isolate, run, settings).start();
}

class ScriptRunSession {
  private readonly logs: LogLine[] = [];
  private readonly startedAt = performance.now();
  private readonly cpuAtStart: bigint;
  private lastCpu: bigint;
  private outcome: Outcome | undefined;
  private finished = false;
  private callsIntoIsolate = 0;
  private pendingApiCalls = 0;
  private apiCalls = 0;
  private context: ivm.Context | undefined;
  private settle: ivm.Reference<SettleFunction> | undefined;
  private wallTimer: NodeJS.Timeout | undefined;
  private cpuTimer: NodeJS.Timeout | undefined;
  private resolveResult: (result: ScriptRunResult) => void = () => undefined;

  constructor(
    private readonly isolate: SandboxIsolate,
    private readonly run: PreparedRun,
    private readonly settings: RunSettings,
  ) {
    this.cpuAtStart = this.isolate.isolate.cpuTime;
    this.lastCpu = this.cpuAtStart;
  }

  start(): Promise<ScriptRunResult> {
    const result = new Promise<ScriptRunResult>((resolve) => {
      this.resolveResult = resolve;
    });
    this.wallTimer = setTimeout(
      () => this.kill('WALL_TIMEOUT', `the script ran longer than its wall-clock limit of ${this.settings.wallTimeoutMs} ms`),
      this.settings.wallTimeoutMs,
    );
    this.armCpuTimer(this.settings.timeoutMs);
    // V8 reports some heap exhaustion (e.g. a Map of strings) as catastrophic instead of stopping
    // at the limit; the isolate then spins in garbage collection until it is disposed.
    this.isolate.onCatastrophe = (message) => this.kill('MEMORY_LIMIT', `the script ran its isolate out of memory (${message})`);
    void this.begin();
    return result;
  }

  private async begin(): Promise<void> {
    try {
      const compiled = await this.isolate.compile(this.run.code);
      if (this.finished) return;
      if (!compiled.ok) {
        const { message, line, column } = parseCompileError(this.run.source, compiled.failure.message);
        this.finish({ ok: false, error: { code: 'COMPILE_ERROR', message, ...(line ? { line, column } : {}) } });
        return;
      }
      const { context, install } = this.isolate.openContext();
      this.context = context;
      this.settle = install.applySync(
        undefined,
        [
          this.run.argsJson,
          JSON.stringify(Object.keys(this.run.api)),
          JSON.stringify({
            maxOutputChars: this.settings.maxOutputBytes,
            maxLogLines: this.settings.maxLogLines,
            maxLogLineChars: this.settings.maxLogLineChars,
            maxApiCalls: this.settings.maxApiCalls,
            maxApiPayloadChars: this.settings.maxApiPayloadBytes,
            maxMessageChars: this.settings.maxMessageChars,
          }),
          new ivm.Callback((level: unknown, message: unknown) => this.onLog(level, message), { ignored: true }),
          new ivm.Callback((id: unknown, name: unknown, argsJson: unknown) => this.onCall(id, name, argsJson), { ignored: true }),
          new ivm.Callback(
            (kind: unknown, payload: unknown, line: unknown, column: unknown) => this.onDone(kind, payload, line, column),
            { ignored: true },
          ),
        ],
        { result: { reference: true } },
      );
      install.release();
      this.callIntoIsolate(compiled.script.run(context));
    } catch (error) {
      this.onCallFailed(error);
      this.check();
    }
  }

  private callIntoIsolate(call: Promise<unknown>): void {
    this.callsIntoIsolate += 1;
    call.then(
      () => {
        this.callsIntoIsolate -= 1;
        this.check();
      },
      (error: unknown) => {
        this.callsIntoIsolate -= 1;
        this.onCallFailed(error);
        this.check();
      },
    );
  }

  /** A call into the isolate rejected: the isolate died, or the script left an exception uncaught. */
  private onCallFailed(error: unknown): void {
    if (this.finished) return;
    if (this.isolate.disposed) {
      const message = this.isolate.catastrophe
        ? `the isolate failed: ${this.isolate.catastrophe}`
        : `the script used more memory than its limit of ${this.run.memoryMb} MB`;
      this.fail('MEMORY_LIMIT', message);
      return;
    }
    // Top-level code that threw, or a promise rejected with no handler (which would end a Node
    // process too): the run fails unless it already has.
    if (this.outcome === undefined || this.outcome.ok) {
      this.outcome = { ok: false, error: { code: 'SCRIPT_ERROR', message: clip(`uncaught ${hostErrorText(error)}`, this.settings.maxMessageChars) } };
    }
  }

  private onLog(level: unknown, message: unknown): void {
    if (this.finished || typeof level !== 'string' || typeof message !== 'string') return;
    if (this.logs.length > this.settings.maxLogLines) return;
    this.logs.push({
      level: isLogLevel(level) ? level : 'log',
      message: clip(message, this.settings.maxLogLineChars),
      at: new Date().toISOString(),
    });
  }

  private onCall(id: unknown, name: unknown, argsJson: unknown): void {
    if (this.finished || this.outcome !== undefined) return;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof name !== 'string' || typeof argsJson !== 'string') return;
    this.apiCalls += 1;
    if (this.apiCalls > this.settings.maxApiCalls) {
      this.answer(id, false, `more than ${this.settings.maxApiCalls} API calls in one run`);
      return;
    }
    const fn = Object.hasOwn(this.run.api, name) ? this.run.api[name] : undefined;
    if (typeof fn !== 'function') {
      this.answer(id, false, `api.${name} does not exist`);
      return;
    }
    const args = parseUntrustedJson(argsJson, { maxBytes: this.settings.maxApiPayloadBytes, maxDepth: this.settings.maxJsonDepth });
    if (!args.ok || !Array.isArray(args.value)) {
      this.answer(id, false, `api.${name}: ${args.ok ? 'the arguments are not a list' : args.message}`);
      return;
    }
    this.pendingApiCalls += 1;
    let call: Promise<JsonValue>;
    try {
      call = Promise.resolve(Reflect.apply(fn, this.run.api, args.value));
    } catch (error) {
      call = Promise.reject(error);
    }
    call
      .then(
        (value: unknown) => {
          let json: string | undefined;
          try {
            json = value === undefined ? 'null' : JSON.stringify(value);
          } catch {
            json = undefined;
          }
          if (json === undefined) this.answer(id, false, `api.${name} returned a value that is not JSON`);
          else if (Buffer.byteLength(json) > this.settings.maxApiPayloadBytes) {
            this.answer(id, false, `api.${name} returned more than ${this.settings.maxApiPayloadBytes} bytes of JSON`);
          } else this.answer(id, true, json);
        },
        (error: unknown) => this.answer(id, false, clip(apiErrorMessage(error), this.settings.maxMessageChars), hostErrorCode(error)),
      )
      .finally(() => {
        this.pendingApiCalls -= 1;
        this.check();
      });
  }

  /** Resumes the script with an API result; nothing is sent once the run has its outcome. */
  private answer(id: number, ok: boolean, payload: string, code?: string): void {
    const settle = this.settle;
    if (this.finished || this.outcome !== undefined || !settle || this.isolate.disposed) return;
    this.callIntoIsolate(settle.apply(undefined, [id, ok, payload, code ?? null]));
  }

  private onDone(kind: unknown, payload: unknown, line: unknown, column: unknown): void {
    if (this.finished || this.outcome !== undefined || typeof kind !== 'string' || typeof payload !== 'string') return;
    if (kind === 'ok') {
      const output = parseUntrustedJson(payload, { maxBytes: this.settings.maxOutputBytes, maxDepth: this.settings.maxJsonDepth });
      if (output.ok) this.outcome = { ok: true, output: output.value };
      else {
        const code: ScriptErrorCode = output.reason === 'invalid' ? 'OUTPUT_NOT_JSON' : 'OUTPUT_TOO_LARGE';
        this.outcome = { ok: false, error: { code, message: `the output is ${output.message}` } };
      }
    } else {
      const code = isIsolateReportedCode(kind) ? kind : 'SCRIPT_ERROR';
      const position =
        typeof line === 'number' && typeof column === 'number' ? toSourcePosition(this.run.source, line, column) : undefined;
      this.outcome = { ok: false, error: { code, message: clip(payload, this.settings.maxMessageChars), ...position } };
    }
    this.check();
  }

  private check(): void {
    if (this.finished || this.callsIntoIsolate > 0 || this.pendingApiCalls > 0) return;
    if (this.outcome !== undefined) {
      this.finish(this.outcome);
      return;
    }
    // Nothing runs and nothing is pending, yet no outcome: the script awaits a promise that nothing
    // can settle. One macrotask of grace lets any callback already queued by the isolate arrive.
    setImmediate(() => {
      if (this.finished || this.outcome !== undefined || this.callsIntoIsolate > 0 || this.pendingApiCalls > 0) return;
      this.fail('WALL_TIMEOUT', 'the script is waiting for a promise that can never settle (no API call is pending)');
    });
  }

  private cpuUsedMs(): number {
    if (!this.isolate.disposed) {
      try {
        this.lastCpu = this.isolate.isolate.cpuTime;
      } catch {
        // disposed between the check and the read
      }
    }
    return Number(this.lastCpu - this.cpuAtStart) / 1e6;
  }

  private armCpuTimer(delayMs: number): void {
    this.cpuTimer = setTimeout(() => {
      if (this.finished) return;
      const used = this.cpuUsedMs();
      if (used >= this.settings.timeoutMs) {
        this.kill('TIMEOUT', `the script used more than its CPU time limit of ${this.settings.timeoutMs} ms`);
      } else {
        this.armCpuTimer(Math.max(1, Math.ceil(this.settings.timeoutMs - used)));
      }
    }, delayMs);
  }

  private kill(code: ScriptErrorCode, message: string): void {
    if (this.finished) return;
    this.cpuUsedMs();
    this.isolate.dispose();
    this.fail(code, message);
  }

  private fail(code: ScriptErrorCode, message: string): void {
    this.finish({ ok: false, error: { code, message } });
  }

  private finish(outcome: Outcome): void {
    if (this.finished) return;
    this.finished = true;
    this.isolate.onCatastrophe = undefined;
    clearTimeout(this.wallTimer);
    clearTimeout(this.cpuTimer);
    const cpuMs = this.cpuUsedMs();
    const wallMs = performance.now() - this.startedAt;
    if (!this.isolate.disposed) {
      this.settle?.release();
      this.context?.release();
    }
    this.resolveResult({ ...outcome, logs: this.logs, cpuMs, wallMs });
  }
}
