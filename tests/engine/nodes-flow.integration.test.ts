import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { processDef, publishWith, run, runFor, runsOf, settled, until, waitForRun } from './engine-test.support.js';

/*
 * Flow and outside-world nodes: loop over related records, parallel split and join, call another
 * process (waiting for it), HTTP (through the allow-list; refused for private addresses otherwise),
 * and the run lifecycle around them: retries with backoff, parking, the admin's retry from the
 * failed step, the depth limit of a self-triggering process, webhooks with Idempotency-Key, manual
 * starts, and runs pinned to the version they started on.
 */

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe.each(testDatabaseKinds())('flow nodes on %s', (kind) => {
  let rt: TestRuntime;
  let server: http.Server;
  let port = 0;
  const received: Received[] = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (req.url?.startsWith('/flaky') && failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(503).end('try later');
          return;
        }
        if (req.url?.startsWith('/missing')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"nope"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, echo: body ? JSON.parse(body) : null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
    rt = await startTestRuntime(kind, {
      template: 'b2b-sales',
      workers: { pollMs: 100 },
      engine: { engine: { retryBaseMs: 50, retryMaxMs: 200, maxAttempts: 4, maxDepth: 3 }, outboundAllowHosts: ['127.0.0.1'] },
    });
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef(
          'touch_all_deals',
          { type: 'record', entity: 'company', on: ['update'], condition: { field: 'industry', op: 'changedTo', value: 'retail' } },
          [
            { id: 'each_deal', type: 'loop', config: { relation: 'deals', filter: { field: 'amount', op: 'gt', value: 0 } } },
            { id: 'mark', type: 'update_record', config: { target: { entity: 'deal', id: { $ref: 'steps.each_deal.id' } }, values: { description: 'розница #{{steps.each_deal.index}}' } } },
            { id: 'summary', type: 'update_record', config: { values: { city: 'обработано {{steps.each_deal.count}}' } } },
          ],
          [['trigger', 'each_deal'], ['each_deal', 'mark', 'each'], ['each_deal', 'summary', 'done']],
        ),
        processDef(
          'fan_out',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'PAR' } },
          [
            { id: 'split', type: 'parallel', config: {} },
            { id: 'left', type: 'update_record', config: { values: { description: 'left' } } },
            { id: 'right', type: 'update_record', config: { values: { lost_reason: 'right' } } },
            { id: 'meet', type: 'join', config: { wait: 'all' } },
            { id: 'after', type: 'update_record', config: { values: { source: 'partner' } } },
          ],
          [['trigger', 'split'], ['split', 'left'], ['split', 'right'], ['left', 'meet'], ['right', 'meet'], ['meet', 'after']],
        ),
        processDef(
          'child_work',
          { type: 'manual', entity: 'deal' },
          [{ id: 'child_mark', type: 'update_record', config: { values: { region: 'ural' } } }],
          [['trigger', 'child_mark']],
        ),
        processDef(
          'parent_calls',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'CALL' } },
          [
            { id: 'call', type: 'call_process', config: { process: 'child_work', wait: true } },
            { id: 'after_call', type: 'update_record', config: { values: { description: 'child {{steps.call.status}}' } } },
          ],
          [['trigger', 'call'], ['call', 'after_call']],
        ),
        processDef(
          'call_out',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'HTTP' } },
          [
            {
              id: 'post',
              type: 'http',
              config: { method: 'POST', url: '{{record.description}}', body: { title: { $ref: 'record.title' }, amount: { $ref: 'record.amount' } }, timeoutMs: 2000 },
            },
            { id: 'store', type: 'update_record', config: { values: { lost_reason: 'status {{steps.post.status}} echo {{steps.post.body.echo.title}}' } } },
          ],
          [['trigger', 'post'], ['post', 'store']],
        ),
        processDef(
          'self_loop',
          { type: 'record', entity: 'deal', on: ['create', 'update'], condition: { field: 'title', op: 'startsWith', value: 'LOOP' } },
          [{ id: 'bump', type: 'update_record', config: { values: { description: 'again {{$now}}' } } }],
          [['trigger', 'bump']],
        ),
        processDef(
          'lead_capture',
          { type: 'webhook', name: 'lead-form', secret: 'a-very-long-hook-secret', schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } } },
          [{ id: 'company_from_form', type: 'create_record', config: { entity: 'company', values: { name: '{{trigger.body.name}}', city: 'Веб-форма' } } }],
          [['trigger', 'company_from_form']],
        ),
        processDef(
          'slow_then_mark',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'PIN' } },
          [
            { id: 'pause', type: 'wait', config: { duration: 'PT2S' } },
            { id: 'mark_v1', type: 'update_record', config: { values: { description: 'version one' } } },
          ],
          [['trigger', 'pause'], ['pause', 'mark_v1']],
        ),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function createDeal(body: Record<string, unknown>): Promise<{ id: string }> {
    const res = await rt.request<{ id: string }>('POST', '/api/records/deal', { body });
    if (res.status !== 201) throw new Error(`deal: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function field(entity: string, id: string, name: string): Promise<unknown> {
    const res = await rt.request<Record<string, unknown>>('GET', `/api/records/${entity}/${id}`);
    return res.body[name];
  }

  it('loop: runs its branch once per related record, then goes on through done', async () => {
    const company = await rt.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'ООО Цикл' } });
    const deals = [];
    for (const amount of [100, 200, 0]) deals.push(await createDeal({ title: `цикл ${amount}`, amount, company: company.body.id }));
    await rt.request('PATCH', `/api/records/company/${company.body.id}`, { body: { industry: 'retail' } });
    const done = await runFor(rt, 'touch_all_deals', company.body.id);
    expect(done.status).toBe('completed');
    expect(await field('deal', deals[0]?.id ?? '', 'description')).toBe('розница #0');
    expect(await field('deal', deals[1]?.id ?? '', 'description')).toBe('розница #1');
    // The loop's filter left the deal of 0 out.
    expect(await field('deal', deals[2]?.id ?? '', 'description')).toBeNull();
    expect(await field('company', company.body.id, 'city')).toBe('обработано 2');
    expect(done.steps.filter((s) => s.nodeId === 'mark')).toHaveLength(2);
  });

  it('parallel and join: both branches run, the join continues once', async () => {
    const created = await createDeal({ title: 'PAR ветки', amount: 1 });
    const done = await runFor(rt, 'fan_out', created.id);
    expect(done.status).toBe('completed');
    expect(done.steps.filter((s) => s.nodeId === 'meet')).toHaveLength(1);
    expect(done.steps.filter((s) => s.nodeId === 'after')).toHaveLength(1);
    expect(await field('deal', created.id, 'description')).toBe('left');
    expect(await field('deal', created.id, 'lost_reason')).toBe('right');
    expect(await field('deal', created.id, 'source')).toBe('partner');
  });

  it('call_process: the parent waits for the child and goes on with its outcome', async () => {
    const created = await createDeal({ title: 'CALL ребёнок', amount: 1 });
    const parent = await runFor(rt, 'parent_calls', created.id);
    expect(parent.status).toBe('completed');
    expect(await field('deal', created.id, 'region')).toBe('ural');
    expect(await field('deal', created.id, 'description')).toBe('child completed');
    const child = (await runsOf(rt, 'child_work', `?recordId=${created.id}`))[0];
    expect(child?.status).toBe('completed');
  });

  it('http: calls an allow-listed host with the idempotency key, retries a 503, fails for good on a 404', async () => {
    failuresLeft = 2;
    const created = await createDeal({ title: 'HTTP flaky', amount: 7, description: `http://127.0.0.1:${port}/flaky` });
    const done = await runFor(rt, 'call_out', created.id);
    expect(done.status).toBe('completed');
    const calls = received.filter((r) => r.url === '/flaky');
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.headers['idempotency-key'])).size).toBe(1);
    expect(JSON.parse(calls[2]?.body ?? '{}')).toEqual({ title: 'HTTP flaky', amount: 7 });
    expect(await field('deal', created.id, 'lost_reason')).toBe('status 200 echo HTTP flaky');
    expect(done.steps.filter((s) => s.nodeId === 'post').map((s) => s.status)).toEqual(['failed', 'failed', 'completed']);

    const missing = await createDeal({ title: 'HTTP missing', amount: 1, description: `http://127.0.0.1:${port}/missing` });
    const failed = await runFor(rt, 'call_out', missing.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'HTTP_CLIENT_ERROR', nodeId: 'post' });
  });

  it('http: private and metadata addresses are refused unless allow-listed', async () => {
    // 127.0.0.1 is allow-listed in this runtime (for the test server); other private addresses, in
    // every spelling, are not.
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://user:pw@169.254.169.254/',
      'http://10.0.0.1/',
      'http://167772161/',
      'http://0x0a000001/',
      'http://012.0.0.1/',
      'http://[::ffff:a00:1]/',
      'http://[fd00::1]/',
      'http://192.168.1.1/',
    ]) {
      const created = await createDeal({ title: 'HTTP private', amount: 1, description: url });
      const failed = await runFor(rt, 'call_out', created.id);
      expect(failed.status).toBe('failed');
      expect(failed.error?.code).toMatch(/^HTTP_(BLOCKED_ADDRESS|BAD_URL)$/);
    }
  });

  it('a failing step parks the run; the admin retries it from the failed step', async () => {
    failuresLeft = 100;
    const created = await createDeal({ title: 'HTTP parked', amount: 1, description: `http://127.0.0.1:${port}/flaky-parked` });
    const failed = await runFor(rt, 'call_out', created.id);
    expect(failed.status).toBe('failed');
    expect(failed.steps.filter((s) => s.nodeId === 'post')).toHaveLength(4);
    expect(failed.waiting).toEqual([expect.objectContaining({ nodeId: 'post', status: 'parked' })]);
    failuresLeft = 0;
    const retried = await rt.request<{ status: string }>('POST', `/api/runs/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    const done = await waitForRun(rt, failed.id);
    expect(done.status).toBe('completed');
    expect(await field('deal', created.id, 'lost_reason')).toBe('status 200 echo HTTP parked');
    // A completed run cannot be retried.
    expect((await rt.request('POST', `/api/runs/${failed.id}/retry`)).status).toBe(409);
  });

  it('a process that triggers itself stops at the depth limit with a clear error', async () => {
    const created = await createDeal({ title: 'LOOP сам себя', amount: 1 });
    const stopped = await until('the stopped run', async () => {
      const runs = await runsOf(rt, 'self_loop', `?recordId=${created.id}`);
      return runs.find((r) => r.error?.code === 'PROCESS_LOOP');
    });
    expect(stopped.status).toBe('failed');
    expect(stopped.error?.message).toMatch(/triggers itself/);
    await settled(rt);
    // depth 0..3 ran, depth 4 was refused: five runs, and nothing more after that.
    const runs = await runsOf(rt, 'self_loop', `?recordId=${created.id}`);
    expect(runs).toHaveLength(5);
  });

  it('webhooks: secret, schema and Idempotency-Key are enforced; the same delivery twice starts one run', async () => {
    const post = (body: unknown, headers: Record<string, string>) =>
      fetch(`${rt.baseUrl}/api/hooks/lead-form`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    expect((await post({ name: 'X' }, {})).status).toBe(401);
    const invalid = await post({ name: '' }, { 'x-hook-secret': 'a-very-long-hook-secret' });
    expect(invalid.status).toBe(400);
    const headers = { 'x-hook-secret': 'a-very-long-hook-secret', 'idempotency-key': 'delivery-42' };
    const first = (await (await post({ name: 'ООО Лид' }, headers)).json()) as { runId: string; created: boolean };
    const second = (await (await post({ name: 'ООО Лид' }, headers)).json()) as { runId: string; created: boolean };
    expect(second).toEqual({ runId: first.runId, created: false });
    expect((await waitForRun(rt, first.runId)).status).toBe('completed');
    const companies = await rt.request<{ data: unknown[] }>('GET', `/api/records/company?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: 'ООО Лид' }))}`);
    expect(companies.body.data).toHaveLength(1);
    // A form post works too.
    const form = await fetch(`${rt.baseUrl}/api/hooks/lead-form`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hook-secret': 'a-very-long-hook-secret' },
      body: 'name=%D0%A4%D0%BE%D1%80%D0%BC%D0%B0',
    });
    expect(form.status).toBe(202);
  });

  it('manual start on one record and on a filtered set', async () => {
    const a = await createDeal({ title: 'manual A', amount: 5 });
    const b = await createDeal({ title: 'manual B', amount: 6 });
    const one = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/child_work/start', { body: { recordId: a.id } });
    expect(one.status).toBe(202);
    expect((await waitForRun(rt, one.body.data[0]?.runId ?? '')).status).toBe('completed');
    const set = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/child_work/start', {
      body: { filter: { field: 'title', op: 'startsWith', value: 'manual' } },
    });
    expect(set.body.data).toHaveLength(2);
    for (const r of set.body.data) expect((await waitForRun(rt, r.runId)).status).toBe('completed');
    expect(await field('deal', b.id, 'region')).toBe('ural');
    expect((await rt.request('POST', '/api/processes/fan_out/start', { body: { recordId: a.id } })).status).toBe(400);
  });

  it('a run keeps the version it started on when a new one is published', async () => {
    const created = await createDeal({ title: 'PIN версия', amount: 1 });
    const waiting = await until('the waiting run', async () => (await runsOf(rt, 'slow_then_mark', `?recordId=${created.id}`))[0]);
    await publishWith(rt, (app) => {
      const process = (app.processes ?? []).find((p): p is { name: string; nodes: Array<{ id: string; config: { values: Record<string, string> } }> } => typeof p === 'object' && p !== null && 'name' in p && p.name === 'slow_then_mark');
      const node = process?.nodes.find((n) => n.id === 'mark_v1');
      if (node) node.config.values = { description: 'version two' };
    });
    const done = await waitForRun(rt, waiting.id);
    expect(done.status).toBe('completed');
    expect(await field('deal', created.id, 'description')).toBe('version one');
    const next = await createDeal({ title: 'PIN новая', amount: 1 });
    expect((await runFor(rt, 'slow_then_mark', next.id)).status).toBe('completed');
    expect(await field('deal', next.id, 'description')).toBe('version two');
    expect((await run(rt, done.id)).status).toBe('completed');
  });

  it('simulate: shows the path and effects, writes nothing and calls nothing', async () => {
    const countRows = async (table: string) => Number((await rt.db.knex(table).count({ n: '*' }).first())?.n ?? 0);
    const before = { runs: await countRows('process_runs'), deals: await countRows('rec_deal'), companies: await countRows('rec_company'), calls: received.length };
    const routed = await rt.request<{ path: string[]; triggerMatched: boolean; effects: Array<{ kind: string }>; record: { owner: string } }>('POST', '/api/processes/route_big_deals/simulate', {
      body: { record: { title: 'Пробная', amount: 150000 } },
    });
    expect(routed.status).toBe(200);
    expect(routed.body.triggerMatched).toBe(true);
    expect(routed.body.path).toEqual(['assign_senior', 'done']);
    expect(routed.body.effects.map((e) => e.kind)).toEqual(['assign']);
    // A record the trigger does not match stops at the trigger, as a real save would, and says so.
    const small = await rt.request<{ triggerMatched: boolean; status: string; path: string[]; error: { code: string; message_ru: string } }>('POST', '/api/processes/route_big_deals/simulate', {
      body: { record: { title: 'Мелкая', amount: 5 } },
    });
    expect(small.body).toMatchObject({ triggerMatched: false, status: 'not-started', path: [], error: { code: 'TRIGGER_NOT_MATCHED' } });
    expect(small.body.error.message_ru).toMatch(/Триггер не запустил/);
    // Asked to, it walks the graph anyway (the analyst checks the branches on any sample).
    const walked = await rt.request<{ triggerMatched: boolean; status: string; path: string[] }>('POST', '/api/processes/route_big_deals/simulate', {
      body: { record: { title: 'Мелкая', amount: 150000 }, before: { title: 'Мелкая', amount: 150000 }, action: 'update', ignoreTrigger: true },
    });
    expect(walked.body.triggerMatched).toBe(false);
    expect(walked.body.status).toBe('completed');
    expect(walked.body.path.length).toBeGreaterThan(0);
    // The body is checked against the published request schema, each problem on its member.
    const misspelt = await rt.request<{ error: { code: string; details: Array<{ field: string; code: string; message_ru: string }> } }>('POST', '/api/processes/route_big_deals/simulate', {
      body: { record: { amount: 1 }, ignoretrigger: true, outcomes: { approve: 3 } },
    });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'ignoretrigger', code: 'UNKNOWN_MEMBER' }), expect.objectContaining({ field: 'outcomes.approve', code: 'INVALID' })]),
    );

    const httpSim = await rt.request<{ path: string[]; effects: Array<{ kind: string; simulated?: boolean; url?: string }> }>('POST', '/api/processes/call_out/simulate', {
      body: { record: { title: 'HTTP sim', amount: 1, description: `http://127.0.0.1:${port}/sim` } },
    });
    expect(httpSim.body.path).toEqual(['post', 'store']);
    expect(httpSim.body.effects[0]).toMatchObject({ kind: 'http', simulated: true, url: `http://127.0.0.1:${port}/sim` });

    const company = await rt.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'ООО Симуляция' } });
    const afterCompany = await countRows('rec_company');
    const hookSim = await rt.request<{ path: string[]; effects: Array<{ kind: string }> }>('POST', '/api/processes/lead_capture/simulate', {
      body: { trigger: { body: { name: 'ООО Из симуляции' } } },
    });
    expect(hookSim.body.path).toEqual(['company_from_form']);
    expect(hookSim.body.effects.map((e) => e.kind)).toEqual(['create_record']);
    // A step that would fail is reported with its error, as the run would.
    const failing = await rt.request<{ status: string; error: { code: string; nodeId: string } }>('POST', '/api/processes/lead_capture/simulate', { body: {} });
    expect(failing.body.status).toBe('failed');
    expect(failing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', nodeId: 'company_from_form' });

    expect(await countRows('process_runs')).toBe(before.runs);
    expect(await countRows('rec_deal')).toBe(before.deals);
    expect(await countRows('rec_company')).toBe(afterCompany);
    expect(afterCompany).toBe(before.companies + 1);
    expect(received.length).toBe(before.calls);
    expect(company.status).toBe(201);

    // Only builders and admins may test-run.
    const rep = await rt.request<{ id: string }>('POST', '/api/users', { body: { email: 'sim.rep@example.com', name: 'Sim', password: 'Correct-Horse-Battery-9', roles: ['sales_rep'] } });
    expect(rep.status).toBe(201);
    const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email: 'sim.rep@example.com', password: 'Correct-Horse-Battery-9' }, token: null });
    expect((await rt.request('POST', '/api/processes/route_big_deals/simulate', { token: login.body.token, body: { record: { amount: 1 } } })).status).toBe(403);
  });

});
