/** Plain JSON: the only kind of value that crosses the sandbox boundary, in either direction. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The narrow host API a script sees as `api.<name>(...)`; arguments and results are copied JSON. */
export type ScriptApiFunctions = Readonly<Record<string, (...args: JsonValue[]) => Promise<JsonValue>>>;

export interface ScriptRunRequest {
  /** JavaScript: the BODY of an async function (TypeScript goes through transpileScript first). */
  source: string;
  /** An object whose keys become the function's parameters (record, trigger, steps, user, now...). */
  input: Readonly<Record<string, JsonValue>>;
  api?: ScriptApiFunctions;
  /** CPU time the script may use, in ms. Default 1000. */
  timeoutMs?: number;
  /** Heap limit of the isolate, in MB (isolated-vm's minimum is 8). Default 32. */
  memoryMb?: number;
  /** Wall-clock limit, covering awaits on the host API. Default max(5 x timeoutMs, 2000). */
  wallTimeoutMs?: number;
  /** Cap on the UTF-8 size of the JSON output. Default 256 KiB. */
  maxOutputBytes?: number;
}

export type ScriptErrorCode =
  | 'TIMEOUT'
  | 'WALL_TIMEOUT'
  | 'MEMORY_LIMIT'
  | 'SCRIPT_ERROR'
  | 'COMPILE_ERROR'
  | 'OUTPUT_TOO_LARGE'
  | 'OUTPUT_NOT_JSON'
  | 'API_ERROR'
  /** The run asked for more memory than the whole sandbox may hold (`maxTotalMemoryMb`); it was not started. */
  | 'MEMORY_CAP_EXCEEDED'
  /** The sandbox process running the script ended or stopped answering (the run may have been anyone's victim). */
  | 'SANDBOX_ERROR';

export interface ScriptError {
  code: ScriptErrorCode;
  message: string;
  /** 1-based line and column in the script's own source (the wrapper is accounted for). */
  line?: number;
  column?: number;
}

export type LogLevel = 'log' | 'info' | 'warn' | 'error';

export interface LogLine {
  level: LogLevel;
  message: string;
  /** ISO time at which the host received the line. */
  at: string;
}

interface RunMeasures {
  logs: LogLine[];
  /** CPU time the isolate spent on this run. */
  cpuMs: number;
  /** Wall time from the start of execution to the end of the run (queueing for a free slot excluded). */
  wallMs: number;
}

export type ScriptRunResult =
  | ({ ok: true; output: JsonValue } & RunMeasures)
  | ({ ok: false; error: ScriptError } & RunMeasures);

export interface ScriptSandboxOptions {
  /** Runs executing at once; more wait in FIFO order. Default 16. */
  maxConcurrentRuns?: number;
  /** Idle isolates kept per memory size for reuse. Default 8. */
  maxIdleIsolates?: number;
  /** An isolate is replaced after this many runs, to bound slow drift (deoptimised builtins, heap). Default 500. */
  maxRunsPerIsolate?: number;
  /** Log lines kept per run. Default 200. */
  maxLogLines?: number;
  /** Characters kept per log line. Default 2000. */
  maxLogLineChars?: number;
  /** Host API calls allowed per run. Default 500. */
  maxApiCalls?: number;
  /** Cap on the UTF-8 size of one API call's JSON arguments and of one result. Default 4 MiB. */
  maxApiPayloadBytes?: number;
  /** Nesting depth allowed in the output and in API arguments. Default 64. */
  maxJsonDepth?: number;
  /**
   * Memory all running scripts may hold together, as the sum of their `memoryMb` limits. A run that
   * would go past it waits (FIFO) for others to finish; a run asking for more than all of it fails
   * with MEMORY_CAP_EXCEEDED. Default 512.
   */
  maxTotalMemoryMb?: number;
  /** Called when V8 reports that an isolate is beyond repair (see isolated-vm's onCatastrophicError). */
  onCatastrophicError?: (message: string) => void;
}

/** Counts kept by the isolates' side of the sandbox (inside the sandbox process). */
export interface IsolateSandboxStats {
  runs: number;
  activeRuns: number;
  queuedRuns: number;
  isolatesCreated: number;
  isolatesDisposed: number;
  idleIsolates: number;
  compiledScriptHits: number;
  compiledScriptMisses: number;
  /** Runs that ended with each error code. */
  failures: Partial<Record<ScriptErrorCode, number>>;
}

export interface ScriptSandboxStats extends IsolateSandboxStats {
  /** Sandbox processes started, and those killed after a memory error, a crash or a stall. */
  processesStarted: number;
  processesRecycled: number;
  /** Sum of the `memoryMb` of the runs executing now, and the cap on it. */
  memoryInUseMb: number;
  memoryCapMb: number;
}

export interface ScriptSandbox {
  run(request: ScriptRunRequest): Promise<ScriptRunResult>;
  stats(): ScriptSandboxStats;
  /** Stops accepting runs, lets the accepted ones finish (each is bounded by its wall limit), frees every isolate. */
  dispose(): Promise<void>;
}

/** The in-process sandbox that runs inside the sandbox process. */
export interface IsolateSandbox {
  run(request: ScriptRunRequest): Promise<ScriptRunResult>;
  stats(): IsolateSandboxStats;
  dispose(): Promise<void>;
}
