import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkRetryResult } from '@crm/schemas';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, runFor, waitForRun, type Person } from './engine-test.support.js';

/*
 * POST /api/runs/retry (admins): after the cause is fixed, every failed run with a failed step to
 * retry goes on at once, of one process or of all, oldest first; a run that ended at a failed end
 * node has nothing to retry and is left alone. A run's error keeps the Russian text its failure
 * carried, so the Runs section reads it in Russian.
 */

describe.each(testDatabaseKinds())('retrying failed runs in bulk on %s', (kind) => {
  let rt: TestRuntime;
  let server: http.Server;
  let port = 0;
  let rep: Person;
  let failing = true;
  const calls: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls.push(req.url ?? '');
        if (failing) res.writeHead(503).end('down for maintenance');
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address: AddressInfo | string | null = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 50 }, engine: { outboundAllowHosts: ['127.0.0.1'] } });
    rep = await person(rt, 'bulk.rep@example.com', ['sales_rep']);
    const onDeal = (prefix: string) => ({ type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: prefix } });
    // One attempt: the first 503 parks the run, so the test need not wait out a backoff.
    const notify = (name: string, prefix: string) =>
      processDef(name, onDeal(prefix), [{ id: 'notify', type: 'http', config: { method: 'POST', url: `http://127.0.0.1:${port}/${name}/{{record.id}}`, retry: { attempts: 1 } } }], [['trigger', 'notify']]);
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        notify('bulk_erp', 'BULK erp'),
        notify('bulk_mail', 'BULK mail'),
        processDef(
          'bulk_refuse',
          onDeal('BULK refuse'),
          [{ id: 'give_up', type: 'end', config: { status: 'failed', message: { en: 'Nothing to sell: {{record.title}}', ru: 'Нечего продавать: {{record.title}}' } } }],
          [['trigger', 'give_up']],
        ),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function deal(title: string): Promise<string> {
    const res = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount: 1 } });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const bulkRetry = (body: unknown, token?: string | null) => rt.request<BulkRetryResult & { error?: { code: string; details: Array<{ code: string; field?: string }> } }>('POST', '/api/runs/retry', { body, ...(token === undefined ? {} : { token }) });

  it('is for admins only, and refuses a body it does not know', async () => {
    const refused = await bulkRetry({}, rep.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.details[0]?.code).toBe('ADMIN_ONLY');
    expect((await bulkRetry({}, null)).status).toBe(401);
    const unknown = await bulkRetry({ process: 'bulk_erp', status: 'failed' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.details[0]).toMatchObject({ field: 'status', code: 'UNKNOWN_FIELD' });
    const empty = await bulkRetry({ process: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error?.details[0]).toMatchObject({ field: 'process', code: 'INVALID_PARAMETER' });
  });

  it('retries one process’s failed runs once the receiver is back, oldest first, and leaves the others failed', async () => {
    failing = true;
    const erp = [];
    for (const n of [1, 2, 3]) erp.push(await runFor(rt, 'bulk_erp', await deal(`BULK erp ${n}`)));
    const mail = await runFor(rt, 'bulk_mail', await deal('BULK mail 1'));
    for (const run of [...erp, mail]) expect(run.status).toBe('failed');
    expect(erp[0]?.error).toMatchObject({ code: 'HTTP_SERVER_ERROR', nodeId: 'notify' });

    failing = false;
    const res = await bulkRetry({ process: 'bulk_erp' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ retried: erp.map((run) => run.id), refused: [], more: false });
    for (const run of erp) {
      const done = await waitForRun(rt, run.id);
      expect(done.status).toBe('completed');
      expect(done.error).toBeNull();
    }
    // The other process's run was not touched: still failed, its receiver called once.
    expect((await waitForRun(rt, mail.id)).status).toBe('failed');
    expect(calls.filter((url) => url.startsWith('/bulk_mail/'))).toHaveLength(1);
    // Nothing of that process is left to retry.
    expect((await bulkRetry({ process: 'bulk_erp' })).body).toEqual({ retried: [], refused: [], more: false });
  });

  it('retries every process’s runs without a filter, and leaves a run failed at an end node alone, its error in Russian too', async () => {
    failing = false;
    const refusedRun = await runFor(rt, 'bulk_refuse', await deal('BULK refuse 1'));
    expect(refusedRun.status).toBe('failed');
    expect(refusedRun.error).toEqual({ code: 'ENDED_FAILED', nodeId: 'give_up', message: 'Nothing to sell: BULK refuse 1', message_ru: 'Нечего продавать: BULK refuse 1' });

    const res = await bulkRetry({});
    expect(res.status).toBe(200);
    expect(res.body.refused).toEqual([]);
    expect(res.body.retried).not.toContain(refusedRun.id);
    // The mail run of the test before was the one failed run with a step to retry.
    expect(res.body.retried).toHaveLength(1);
    const [mailRun] = res.body.retried;
    expect((await waitForRun(rt, mailRun ?? '')).status).toBe('completed');
    expect((await waitForRun(rt, refusedRun.id)).status).toBe('failed');
  });
});
