import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isChildMessage, type ChildMessage, type HostMessage, type RunLimitsRequest } from './sandbox-child.types.js';
import type { IsolateSandboxStats, JsonValue, ScriptApiFunctions, ScriptErrorCode, ScriptRunResult, ScriptSandboxOptions } from './sandbox.types.js';

/*
 * One sandbox process as the host sees it: started with an IPC channel, given runs, answering their
 * API calls with the host's functions, killed when the pool retires it. It never keeps the host
 * alive on its own (process and channel are unref'd; a run in flight holds its own timer), and a
 * process that ends or stops answering fails its runs with SANDBOX_ERROR instead of leaving them
 * pending forever.
 */
export interface ChildRun {
  source: string;
  input: Record<string, JsonValue>;
  api: ScriptApiFunctions;
  limits: RunLimitsRequest;
  /** How long the host waits for the outcome before it gives the process up as stuck. */
  deadlineMs: number;
}

interface RunInFlight {
  api: ScriptApiFunctions;
  resolve: (result: ScriptRunResult) => void;
  timer: NodeJS.Timeout;
}

type ChildOptions = Omit<ScriptSandboxOptions, 'onCatastrophicError' | 'maxTotalMemoryMb'>;

const ENTRY = new URL(import.meta.url.endsWith('.ts') ? './sandbox-child.entry.ts' : './sandbox-child.entry.js', import.meta.url);

/** Run from TypeScript sources (tsx, vitest), the child needs tsx's loader too. */
function childExecArgv(): string[] {
  const flags = ['--no-node-snapshot'];
  if (ENTRY.pathname.endsWith('.ts')) flags.push('--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href);
  return flags;
}

export function failedResult(code: ScriptErrorCode, message: string): ScriptRunResult {
  return { ok: false, error: { code, message }, logs: [], cpuMs: 0, wallMs: 0 };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'the API call failed';
}

function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

export class SandboxChild {
  private readonly child: ChildProcess;
  private readonly runs = new Map<number, RunInFlight>();
  private readonly ready: Promise<boolean>;
  private lastRunId = 0;
  /** Set once the process should take no more runs (a memory error, a catastrophe, a crash). */
  retiring = false;
  exited = false;
  private killed = false;
  /** The last counts the process reported. */
  stats: IsolateSandboxStats | undefined;

  constructor(
    options: ChildOptions,
    private readonly events: { onCatastrophe: (message: string) => void; onExit: (child: SandboxChild) => void },
  ) {
    this.child = fork(fileURLToPath(ENTRY), [JSON.stringify(options)], {
      execArgv: childExecArgv(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    this.child.unref();
    this.child.channel?.unref();
    this.ready = new Promise<boolean>((resolve) => {
      this.child.on('message', (message: unknown) => {
        if (!isChildMessage(message)) return;
        if (message.t === 'ready') resolve(true);
        else this.receive(message);
      });
      this.child.once('exit', () => resolve(false));
    });
    this.child.once('exit', (code, signal) => this.onExit(code, signal));
    this.child.on('error', () => this.kill());
  }

  get active(): number {
    return this.runs.size;
  }

  async run(job: ChildRun): Promise<ScriptRunResult> {
    this.lastRunId += 1;
    const id = this.lastRunId;
    const result = new Promise<ScriptRunResult>((resolve) => {
      const timer = setTimeout(() => {
        // The process did not answer within the run's own limits plus a margin: it is stuck.
        this.finish(id, failedResult('WALL_TIMEOUT', `the script did not finish within ${job.deadlineMs} ms and its sandbox process was stopped`));
        this.kill();
      }, job.deadlineMs);
      this.runs.set(id, { api: job.api, resolve, timer });
    });
    if (!(await this.ready)) {
      this.finish(id, failedResult('SANDBOX_ERROR', 'the sandbox process could not be started'));
      return result;
    }
    this.send({ t: 'run', id, source: job.source, input: job.input, apiNames: Object.keys(job.api), limits: job.limits });
    return result;
  }

  private receive(message: Exclude<ChildMessage, { t: 'ready' }>): void {
    if (message.t === 'catastrophe') {
      this.retiring = true;
      this.events.onCatastrophe(message.message);
    } else if (message.t === 'done') {
      this.stats = message.stats;
      this.finish(message.id, message.result);
    } else {
      void this.answer(message);
    }
  }

  private async answer(call: Extract<ChildMessage, { t: 'call' }>): Promise<void> {
    const run = this.runs.get(call.id);
    const fn = run && Object.hasOwn(run.api, call.name) ? run.api[call.name] : undefined;
    if (!run || typeof fn !== 'function') {
      this.send({ t: 'settle', id: call.id, callId: call.callId, ok: false, message: `api.${call.name} does not exist`, code: null });
      return;
    }
    const settle = { t: 'settle', id: call.id, callId: call.callId } as const;
    let value: unknown;
    try {
      value = await Reflect.apply(fn, run.api, call.args);
    } catch (error) {
      this.send({ ...settle, ok: false, message: errorMessage(error), code: errorCode(error) });
      return;
    }
    let json: string | undefined;
    try {
      json = value === undefined ? 'null' : JSON.stringify(value);
    } catch {
      json = undefined; // a cycle or a BigInt
    }
    if (typeof json === 'string') this.send({ ...settle, ok: true, json });
    else this.send({ ...settle, ok: false, message: `api.${call.name} returned a value that is not JSON`, code: null });
  }

  private finish(id: number, result: ScriptRunResult): void {
    const run = this.runs.get(id);
    if (!run) return;
    this.runs.delete(id);
    clearTimeout(run.timer);
    run.resolve(result);
  }

  private send(message: HostMessage): void {
    if (this.exited || !this.child.connected) return;
    this.child.send(message, (error) => {
      if (error) this.kill();
    });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    this.retiring = true;
    const why = signal ? `signal ${signal}` : `exit code ${code}`;
    for (const id of [...this.runs.keys()]) {
      this.finish(id, failedResult('SANDBOX_ERROR', `the sandbox process running the script ended (${why}); the run did not finish`));
    }
    this.events.onExit(this);
  }

  /** Ends the process at once: it holds nothing worth saving, and SIGKILL needs no cooperation from it. */
  kill(): void {
    this.retiring = true;
    if (!this.exited && !this.killed) this.child.kill('SIGKILL');
    this.killed = true;
  }
}
