import type { IsolateSandboxStats, JsonValue, ScriptRunRequest, ScriptRunResult } from './sandbox.types.js';

/*
 * Messages between the host and a sandbox process, over Node's IPC channel (JSON). The host sends
 * runs and API results; the sandbox process sends API calls, outcomes and catastrophes. Both sides
 * are our code, yet every message is checked on arrival, so a broken or stale message is dropped
 * rather than trusted by type alone.
 */
export type RunLimitsRequest = Pick<ScriptRunRequest, 'timeoutMs' | 'memoryMb' | 'wallTimeoutMs' | 'maxOutputBytes'>;

export type HostMessage =
  | { t: 'run'; id: number; source: string; input: Record<string, JsonValue>; apiNames: string[]; limits: RunLimitsRequest }
  /** The answer to an API call: the result as JSON text, or the message and code of the error it threw. */
  | { t: 'settle'; id: number; callId: number; ok: true; json: string }
  | { t: 'settle'; id: number; callId: number; ok: false; message: string; code: string | null };

export type ChildMessage =
  | { t: 'ready' }
  | { t: 'call'; id: number; callId: number; name: string; args: JsonValue[] }
  | { t: 'done'; id: number; result: ScriptRunResult; stats: IsolateSandboxStats }
  | { t: 'catastrophe'; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** JSON that came through the IPC channel is JSON by construction; only the outer shape is checked. */
function isJsonArray(value: unknown): value is JsonValue[] {
  return Array.isArray(value);
}

function isJsonObject(value: unknown): value is Record<string, JsonValue> {
  return isRecord(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isOptionalNumber(value: unknown): value is number | undefined {
  return value === undefined || typeof value === 'number';
}

function isLimits(value: unknown): value is RunLimitsRequest {
  return (
    isRecord(value) &&
    isOptionalNumber(value['timeoutMs']) &&
    isOptionalNumber(value['memoryMb']) &&
    isOptionalNumber(value['wallTimeoutMs']) &&
    isOptionalNumber(value['maxOutputBytes'])
  );
}

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value) || !isInteger(value['id'])) return false;
  if (value['t'] === 'run') {
    return typeof value['source'] === 'string' && isJsonObject(value['input']) && isStringArray(value['apiNames']) && isLimits(value['limits']);
  }
  if (value['t'] !== 'settle' || !isInteger(value['callId'])) return false;
  if (value['ok'] === true) return typeof value['json'] === 'string';
  return value['ok'] === false && typeof value['message'] === 'string' && (value['code'] === null || typeof value['code'] === 'string');
}

function isRunResult(value: unknown): value is ScriptRunResult {
  if (!isRecord(value) || !Array.isArray(value['logs']) || typeof value['cpuMs'] !== 'number' || typeof value['wallMs'] !== 'number') return false;
  if (value['ok'] === true) return 'output' in value;
  const error = value['error'];
  return value['ok'] === false && isRecord(error) && typeof error['code'] === 'string' && typeof error['message'] === 'string';
}

function isStats(value: unknown): value is IsolateSandboxStats {
  return isRecord(value) && typeof value['isolatesCreated'] === 'number' && isRecord(value['failures']);
}

export function isChildMessage(value: unknown): value is ChildMessage {
  if (!isRecord(value)) return false;
  switch (value['t']) {
    case 'ready':
      return true;
    case 'catastrophe':
      return typeof value['message'] === 'string';
    case 'call':
      return isInteger(value['id']) && isInteger(value['callId']) && typeof value['name'] === 'string' && isJsonArray(value['args']);
    case 'done':
      return isInteger(value['id']) && isRunResult(value['result']) && isStats(value['stats']);
    default:
      return false;
  }
}
