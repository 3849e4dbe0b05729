import autocannon from 'autocannon';
import { summarize, type LatencySummary } from './latency.stats.js';

/*
 * Closed-loop load on loopback with autocannon: `connections` clients each sending the next request
 * as soon as the last answered, for `durationS` seconds and never more than `maxRequests` requests.
 * Every request gets its own body and headers from `request(i)`. Latencies are kept per response
 * (autocannon's own histogram rounds to whole milliseconds) and only answers with the expected
 * status count as done; anything else is counted and reported, never silently averaged in.
 */

export interface LoadRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  url: string;
  connections: number;
  durationS: number;
  maxRequests: number;
  expectStatus: number;
  request: (i: number) => LoadRequest;
}

export interface LoadResult {
  /** Answers with the expected status. */
  ok: number;
  /** Answers with another status, by status. */
  unexpected: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  seconds: number;
  /** Expected answers per second over the whole run. */
  rps: number;
  latency: LatencySummary;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let counter = 0;
  const samples: number[] = [];
  const unexpected: Record<string, number> = {};
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationS,
        maxOverallRequests: Math.max(spec.maxRequests, spec.connections),
        timeout: 30,
        requests: [
          {
            setupRequest: (req) => {
              const next = spec.request(counter);
              counter += 1;
              return { ...req, method: next.method, path: next.path, headers: next.headers, body: next.body };
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === spec.expectStatus) samples.push(responseTime);
      else unexpected[String(statusCode)] = (unexpected[String(statusCode)] ?? 0) + 1;
    });
    instance.on('reqError', () => {
      errors += 1;
    });
  });
  const seconds = result.duration;
  return { ok: samples.length, unexpected, errors, seconds, rps: samples.length / seconds, latency: summarize(samples) };
}

/** A one-line account of what went wrong in a load run, or null when every answer was the expected one. */
export function loadProblems(result: LoadResult): string | null {
  const statuses = Object.entries(result.unexpected).map(([status, count]) => `${count} × ${status}`);
  if (result.errors > 0) statuses.push(`${result.errors} connection errors`);
  if (result.ok === 0) statuses.push('no answer with the expected status at all');
  return statuses.length > 0 ? statuses.join(', ') : null;
}

export interface PacedLoadSpec {
  url: string;
  ratePerS: number;
  durationS: number;
  /** Requests in flight at most; a request due while this many wait is counted as an error, not queued. */
  maxInFlight: number;
  expectStatus: number;
  request: (i: number) => LoadRequest;
}

/*
 * Open-loop load at a steady rate: request i is sent at start + i / rate whatever the answers do,
 * so the arrivals are evenly spaced (autocannon's overallRate sends each second's quota in a burst
 * at the start of the second, which measures a burst's queue instead). fetch keeps its connections
 * alive, as autocannon's clients do.
 */
export async function runPacedLoad(spec: PacedLoadSpec): Promise<LoadResult> {
  const samples: number[] = [];
  const unexpected: Record<string, number> = {};
  let errors = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const total = Math.max(1, Math.round(spec.ratePerS * spec.durationS));
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / spec.ratePerS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight >= spec.maxInFlight) {
      errors += 1;
      continue;
    }
    const next = spec.request(i);
    inFlight += 1;
    const sent = performance.now();
    const call = fetch(new URL(next.path, spec.url), { method: next.method, headers: next.headers, ...(next.body === undefined ? {} : { body: next.body }) })
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.status === spec.expectStatus) samples.push(performance.now() - sent);
        else unexpected[String(response.status)] = (unexpected[String(response.status)] ?? 0) + 1;
      })
      .catch(() => {
        errors += 1;
      })
      .finally(() => {
        inFlight -= 1;
        pending.delete(call);
      });
    pending.add(call);
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  return { ok: samples.length, unexpected, errors, seconds, rps: samples.length / seconds, latency: summarize(samples) };
}
