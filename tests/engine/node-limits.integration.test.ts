import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { processDef, publishWith, runFor, waitForRun, type LooseApp, type RunBody } from './engine-test.support.js';

/*
 * Per-node limits (issue 16, item 7) and attempt numbers across an admin retry: a node's own retry
 * policy and HTTP timeout and retried statuses, within the ceilings the administrator set for the
 * server (refused at publish above them), and a retried run that goes on counting its attempts
 * while it gets a fresh budget.
 */

interface Received {
  url: string;
}

const CEILINGS = { maxAttempts: 6, maxRetryDelayMs: 60_000, maxHttpTimeoutMs: 5000 };

describe.each(testDatabaseKinds())('node limits on %s', (kind) => {
  let rt: TestRuntime;
  let server: http.Server;
  let port = 0;
  const received: Received[] = [];
  let failing = true;
  let conflictsLeft = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const url = req.url ?? '';
        received.push({ url });
        if (url.startsWith('/unavailable') && failing) {
          res.writeHead(503).end('try later');
          return;
        }
        if (url.startsWith('/conflict') && conflictsLeft > 0) {
          conflictsLeft -= 1;
          res.writeHead(409, { 'content-type': 'application/json' }).end('{"error":"locked"}');
          return;
        }
        if (url.startsWith('/slow')) {
          setTimeout(() => res.writeHead(200).end('late'), 1500);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address: AddressInfo | string | null = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
    rt = await startTestRuntime(kind, {
      template: 'b2b-sales',
      workers: { pollMs: 50 },
      // Default attempts (5, from the catalog); short waits so that the test is quick.
      engine: { engine: { retryBaseMs: 20, retryMaxMs: 50, ceilings: CEILINGS }, outboundAllowHosts: ['127.0.0.1'] },
    });
    const call = (name: string, prefix: string, config: Record<string, unknown>) =>
      processDef(
        name,
        { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: prefix } },
        [{ id: 'call', type: 'http', config: { method: 'POST', url: '{{record.description}}', ...config } }],
        [['trigger', 'call']],
      );
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        call('limits_default', 'DEFAULT', {}),
        call('limits_two', 'TWO', { retry: { attempts: 2, firstDelay: 'PT0.02S' } }),
        call('limits_conflict', 'CONFLICT', { retryOn: [409, '5xx'], retry: { firstDelay: 'PT0.02S', maxDelay: 'PT0.05S' } }),
        call('limits_slow', 'SLOW', { timeoutMs: 200, retry: { attempts: 2 } }),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function createDeal(title: string, path: string): Promise<string> {
    const res = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount: 1, description: `http://127.0.0.1:${port}${path}` } });
    if (res.status !== 201) throw new Error(`deal: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  const attemptsOf = (run: RunBody) => run.steps.filter((s) => s.nodeId === 'call').map((s) => [s.attempt, s.status]);

  async function retry(runId: string): Promise<RunBody> {
    const res = await rt.request<{ status: string }>('POST', `/api/runs/${runId}/retry`);
    expect(res.status).toBe(200);
    // The retry is committed as running; wait for the run to stop again.
    return waitForRun(rt, runId);
  }

  it('an admin retry goes on counting attempts (6, 7, ...) with a fresh budget of five', async () => {
    failing = true;
    const parked = await runFor(rt, 'limits_default', await createDeal('DEFAULT parks', '/unavailable-a'));
    expect(parked.status).toBe('failed');
    expect(attemptsOf(parked)).toEqual([1, 2, 3, 4, 5].map((n) => [n, 'failed']));

    // Still failing: the retry takes five more attempts, numbered on from the first five.
    const again = await retry(parked.id);
    expect(again.status).toBe('failed');
    expect(attemptsOf(again)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [n, 'failed']));
    expect(again.waiting).toEqual([expect.objectContaining({ nodeId: 'call', status: 'parked' })]);
    expect(received.filter((r) => r.url === '/unavailable-a')).toHaveLength(10);

    failing = false;
    const done = await retry(parked.id);
    expect(done.status).toBe('completed');
    expect(attemptsOf(done).at(-1)).toEqual([11, 'completed']);
  });

  it('a node with retry.attempts 2 parks after two attempts', async () => {
    failing = true;
    const parked = await runFor(rt, 'limits_two', await createDeal('TWO parks', '/unavailable-b'));
    expect(parked.status).toBe('failed');
    expect(parked.error).toMatchObject({ code: 'HTTP_SERVER_ERROR', nodeId: 'call' });
    expect(attemptsOf(parked)).toEqual([[1, 'failed'], [2, 'failed']]);
    expect(received.filter((r) => r.url === '/unavailable-b')).toHaveLength(2);
  });

  it('an HTTP node that retries on 409 retries it; one with the default policy fails on it at once', async () => {
    conflictsLeft = 2;
    const done = await runFor(rt, 'limits_conflict', await createDeal('CONFLICT retried', '/conflict-a'));
    expect(done.status).toBe('completed');
    expect(attemptsOf(done)).toEqual([[1, 'failed'], [2, 'failed'], [3, 'completed']]);
    expect(done.steps[0]?.error).toMatchObject({ code: 'HTTP_CLIENT_ERROR', retryable: true, details: { status: 409 } });

    conflictsLeft = 1;
    const failed = await runFor(rt, 'limits_default', await createDeal('DEFAULT conflict', '/conflict-b'));
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'HTTP_CLIENT_ERROR' });
    expect(attemptsOf(failed)).toEqual([[1, 'failed']]);
  });

  it('an HTTP node with a short timeout times out (and retries as its policy says)', async () => {
    const failed = await runFor(rt, 'limits_slow', await createDeal('SLOW times out', '/slow-a'));
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'HTTP_TIMEOUT', nodeId: 'call' });
    expect(attemptsOf(failed)).toEqual([[1, 'failed'], [2, 'failed']]);
  });

  it("refuses at publish values above the administrator's ceilings, on the node's config field", async () => {
    const draft = await rt.request<LooseApp>('GET', '/api/definitions/draft');
    const app = draft.body;
    app.processes = [
      ...(app.processes ?? []),
      processDef(
        'too_patient',
        { type: 'manual', entity: 'deal' },
        [{ id: 'slow_call', type: 'http', config: { url: 'https://example.com/hook', timeoutMs: 10_000, retry: { attempts: 7, maxDelay: 'PT2M' } } }],
        [['trigger', 'slow_call']],
      ),
    ];
    expect((await rt.request('PUT', '/api/definitions/draft', { body: app })).status).toBe(200);
    const res = await rt.request<{ error: { details: Array<{ code: string; pointer: string; nodeId?: string; message: string; message_ru: string }> } }>('POST', '/api/definitions/publish', { body: {} });
    expect(res.status).toBe(422);
    const index = app.processes.length - 1;
    const details = res.body.error.details.filter((d) => d.code === 'NODE_LIMIT_EXCEEDED');
    expect(details.map((d) => d.pointer)).toEqual([
      `/processes/${index}/nodes/0/config/retry/attempts`,
      `/processes/${index}/nodes/0/config/retry/maxDelay`,
      `/processes/${index}/nodes/0/config/timeoutMs`,
    ]);
    expect(details.every((d) => d.nodeId === 'slow_call')).toBe(true);
    expect(details[0]?.message).toBe('Node "slow_call" of process "too_patient" sets config.retry.attempts to 7; this server allows at most 6. Lower the value, or ask the administrator to raise the limit.');
    expect(details[2]?.message_ru).toBe('Узел «slow_call» процесса «too_patient»: config.timeoutMs = 10 с, а на этом сервере разрешено не больше 5 с. Уменьшите значение или попросите администратора поднять предел.');
    const live = await rt.request<LooseApp>('GET', '/api/definitions/live');
    expect((live.body.processes ?? []).some((p) => typeof p === 'object' && p !== null && 'name' in p && p.name === 'too_patient')).toBe(false);
  });
});
