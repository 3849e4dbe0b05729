import type { ApiErrorBody, ApiErrorDetail } from '@crm/schemas';

/*
 * The only code that calls fetch (and XMLHttpRequest, for upload progress). Every request goes to the same origin with the session cookie;
 * writes carry X-CSRF-Token (the runtime refuses cookie writes without it). An answer that is not
 * 2xx becomes an ApiError with the runtime's code and details, so screens match on codes and put
 * each detail next to its field; a request that never got an answer is a NETWORK ApiError.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ApiErrorDetail[],
    /** Retry-After in seconds, when the runtime sent one (429). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);
/** Asking who is signed in, or signing in, answers 401 as a plain answer, not as a session ending. */
const SESSION_PROBES = new Set(['/api/auth/me', '/api/auth/login']);
let csrfToken: string | null = null;
let sessionEnded: (() => void) | null = null;

/**
 * What to do when the server no longer knows the session (it expired, or ended elsewhere): set
 * once by main.ts, which sends the person to sign-in and back afterwards.
 */
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

/** Set from the sign-in and /me answers; null after sign-out. */
export function useCsrfToken(token: string | null): void {
  csrfToken = token;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
}

function detailsOf(body: ApiErrorBody): ApiErrorDetail[] {
  const details = body.error.details;
  return Array.isArray(details) ? details.filter((d): d is ApiErrorDetail => typeof d === 'object' && d !== null) : [];
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Per-request headers a contract asks for (If-Match on record writes); a text body's type (CSV imports). */
export interface RequestOptions {
  headers?: Record<string, string>;
  /** The body is sent as this text type, as it is, instead of as JSON. */
  textType?: string;
}

/*
 * Early answers: GETs asked for as the page starts (main.ts, for the first screen's route), while
 * the session is still being read and the screen's code fetched, instead of after both. The
 * screen's own plain GET of the same path takes the answer, once, whatever it says (a 404 for an
 * app with nothing published is the answer), as long as it was asked for in the last few seconds.
 * A 401 is dropped unread and asked again: it was asked before the session was known (a sign-in
 * may have come between). So is a request that never got an answer: it goes out again and fails
 * as usual.
 */
const EARLY_FRESH_MS = 10_000;
const earlyAnswers = new Map<string, { askedAt: number; answer: Promise<Response | null> }>();

/**
 * Asks for each path now (GET, JSON, the session cookie); the first apiRequest GET of it takes the
 * answer. Settles when every answer has arrived (the page does not wait for it; specs do).
 */
export async function requestEarly(paths: readonly string[]): Promise<void> {
  const asked: Array<Promise<Response | null>> = [];
  for (const path of paths) {
    if (earlyAnswers.has(path)) continue;
    const answer = fetch(path, { method: 'GET', headers: { accept: 'application/json' }, credentials: 'same-origin' }).catch(() => null);
    earlyAnswers.set(path, { askedAt: Date.now(), answer });
    asked.push(answer);
  }
  await Promise.all(asked);
}

async function takeEarlyAnswer(path: string): Promise<Response | null> {
  const early = earlyAnswers.get(path);
  if (!early) return null;
  earlyAnswers.delete(path);
  if (Date.now() - early.askedAt > EARLY_FRESH_MS) return null;
  const response = await early.answer;
  return response && response.status !== 401 ? response : null;
}

export async function apiRequest<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = options.textType ?? 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    const early = method === 'GET' && body === undefined && options.headers === undefined ? await takeEarlyAnswer(path) : null;
    response = early ?? (await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : options.textType && typeof body === 'string' ? body : JSON.stringify(body) }));
  } catch (cause: unknown) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error', []);
  }
  const parsed = await readJson(response);
  if (!response.ok) throw failure(path, response.status, response.statusText, parsed, response.headers.get('retry-after'));
  // The runtime's answers are typed by the contracts in @crm/schemas (see each area's file).
  return parsed as T;
}

/** A JSON request whose answer is a file (a document template's PDF preview); errors map as in apiRequest. */
export async function binaryRequest(method: string, path: string, body?: unknown): Promise<Blob> {
  const headers: Record<string, string> = { accept: 'application/pdf, application/octet-stream, application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (cause: unknown) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error', []);
  }
  if (!response.ok) throw failure(path, response.status, response.statusText, await readJson(response), response.headers.get('retry-after'));
  return response.blob();
}

/** The one mapping of a non-2xx answer to an ApiError (apiRequest, binaryRequest and uploadBody). */
function failure(path: string, status: number, statusText: string, parsed: unknown, retryAfterHeader: string | null): ApiError {
  if (status === 401 && !SESSION_PROBES.has(path)) sessionEnded?.();
  const retry = Number(retryAfterHeader);
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  if (isErrorBody(parsed)) return new ApiError(status, parsed.error.code, parsed.error.message, detailsOf(parsed), retryAfter);
  return new ApiError(status, `HTTP_${status}`, statusText, [], retryAfter);
}

function parseText(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POSTs a file's raw bytes (a Blob) with upload progress, which fetch cannot report: through
 * XMLHttpRequest, with the same cookie, CSRF header and error mapping as apiRequest.
 */
export function uploadBody<T>(path: string, body: Blob, onProgress?: (loaded: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', body.type || 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    if (onProgress) xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : body.size);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error', []));
    xhr.onload = () => {
      const parsed = parseText(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(failure(path, xhr.status, xhr.statusText, parsed, xhr.getResponseHeader('retry-after')));
    };
    xhr.send(body);
  });
}

/** Browsers carry at most 64 KiB of keepalive bodies in flight; a little is left for headers. */
const KEEPALIVE_LIMIT = 60_000;

/**
 * A write sent as the page goes away (pagehide, beforeunload): the browser finishes it after the
 * page is gone (fetch keepalive); nobody reads the answer. False when the body is too large for
 * that, so the caller can ask the person to stay instead.
 */
export function sendOnLeave(method: string, path: string, body: unknown): boolean {
  const text = JSON.stringify(body);
  if (new TextEncoder().encode(text).length > KEEPALIVE_LIMIT) return false;
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  void fetch(path, { method, headers, credentials: 'same-origin', body: text, keepalive: true }).catch(() => undefined);
  return true;
}
