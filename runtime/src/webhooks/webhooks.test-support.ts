import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestRuntime } from '../testing/test-runtime.js';
import { deliverWebhooks, type DeliveryRunSummary, type WebhookDeliveryOptions } from './webhook-delivery.duty.js';
import type { DeliveryView, SubscriptionView } from './webhook.types.js';

/*
 * Shared by the webhooks integration tests: a real HTTP receiver on 127.0.0.1 that records what it
 * gets, people made over the API, and the delivery duty run in the test rather than on a timer.
 */

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  readonly port: number;
  readonly received: Received[];
  url(path: string): string;
  /** Requests to one path (query ignored). */
  at(path: string): Received[];
  /** Status by path; default: `/fail…` 503, `/redirect?to=<url>[&status=3xx]` redirects, anything else 200. */
  statusFor: (path: string) => number;
  close(): Promise<void>;
}

function defaultStatus(path: string): number {
  return path.startsWith('/fail') ? 503 : 200;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const state = { statusFor: defaultStatus };
  const server: Server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      received.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const to = url.searchParams.get('to');
      if (url.pathname === '/redirect' && to !== null) {
        res.writeHead(Number(url.searchParams.get('status') ?? 307), { location: to }).end();
        return;
      }
      res.writeHead(state.statusFor(url.pathname), { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver has no port');
  const { port } = address satisfies AddressInfo;
  return {
    port,
    received,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    at: (path) => received.filter((r) => r.path === path),
    get statusFor() {
      return state.statusFor;
    },
    set statusFor(fn) {
      state.statusFor = fn;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const PERSON_PASSWORD = 'Correct-Horse-Battery-9';

export interface Person {
  id: string;
  token: string;
}

/** A person made by the admin over HTTP and signed in. */
export async function createPerson(rt: TestRuntime, email: string, roles: string[]): Promise<Person> {
  const created = await rt.request<{ id: string }>('POST', '/api/users', { body: { email, name: email.split('@')[0], password: PERSON_PASSWORD, roles } });
  if (created.status !== 201) throw new Error(`creating ${email}: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PERSON_PASSWORD }, token: null });
  if (login.status !== 200) throw new Error(`signing in ${email}: ${login.status} ${JSON.stringify(login.body)}`);
  return { id: created.body.id, token: login.body.token };
}

export interface CreatedSubscription extends SubscriptionView {
  secret: string;
}

export async function subscribe(rt: TestRuntime, body: Record<string, unknown>): Promise<CreatedSubscription> {
  const res = await rt.request<CreatedSubscription>('POST', '/api/webhooks', { body });
  if (res.status !== 201) throw new Error(`subscribing: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function deliveriesOf(rt: TestRuntime, subscriptionId: string): Promise<DeliveryView[]> {
  const res = await rt.request<{ deliveries: DeliveryView[] }>('GET', `/api/webhooks/${subscriptionId}`);
  if (res.status !== 200) throw new Error(`reading subscription: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.deliveries;
}

export async function createRecord(rt: TestRuntime, entity: string, body: Record<string, unknown>, token?: string): Promise<{ id: string; version: number; owner: string }> {
  const res = await rt.request<{ id: string; version: number; owner: string }>('POST', `/api/records/${entity}`, { body, ...(token ? { token } : {}) });
  if (res.status !== 201) throw new Error(`creating ${entity}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function updateRecord(rt: TestRuntime, entity: string, id: string, body: Record<string, unknown>, token?: string): Promise<{ id: string; version: number }> {
  const res = await rt.request<{ id: string; version: number }>('PATCH', `/api/records/${entity}/${id}`, { body, ...(token ? { token } : {}) });
  if (res.status !== 200) throw new Error(`updating ${entity} ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function allowHosts(rt: TestRuntime, hosts: string[]): Promise<void> {
  const res = await rt.request('PUT', '/api/settings/outbound', { body: { allowHosts: hosts } });
  if (res.status !== 200) throw new Error(`allow-list: ${res.status} ${JSON.stringify(res.body)}`);
}

const SUMMARY_KEYS: Array<keyof DeliveryRunSummary> = ['claimed', 'delivered', 'retrying', 'failed', 'skipped'];

/** Runs the delivery duty until nothing due is left (bounded), as the worker's timer would. */
export async function drain(rt: TestRuntime, options: WebhookDeliveryOptions = {}): Promise<DeliveryRunSummary> {
  const total: DeliveryRunSummary = { claimed: 0, delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  for (let round = 0; round < 10; round += 1) {
    const run = await deliverWebhooks(rt.db.knex, rt.runtime.context.definitions, options);
    if (run.claimed === 0) break;
    for (const key of SUMMARY_KEYS) total[key] += run[key];
  }
  return total;
}

/** The last request to a path; fails the test when there is none. */
export function lastAt(receiver: Receiver, path: string): Received {
  const last = receiver.at(path).at(-1);
  if (!last) throw new Error(`nothing was received at ${path}`);
  return last;
}

/** The JSON body a receiver got, parsed. */
export function payloadOf(request: Received): { id: string; event: string; entity: string; recordId: string | null; version: number | null; record: Record<string, unknown> | null; changes: Array<{ field: string; old: unknown; new: unknown }> } {
  return JSON.parse(request.body);
}
