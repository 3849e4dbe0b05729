import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeOutputIssues, triggerRecordEntity, type App } from '@crm/schemas';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { processDef, publishWith, run, runFor, runsOf, until, waitForRun, type LooseApp, type RunBody } from './engine-test.support.js';

/*
 * Condition and switch nodes over the run's values (issue 16): a webhook process branches on its
 * body with no record to load, and record processes branch on a script's output, an HTTP status
 * and body, and a loop's item. A condition whose subject cannot exist at its node is refused at
 * publish with the node named.
 */

function step(run: RunBody, nodeId: string): RunBody['steps'][number] | undefined {
  return run.steps.find((s) => s.nodeId === nodeId);
}

describe.each(testDatabaseKinds())('conditions over process values on %s', (kind) => {
  let rt: TestRuntime;
  let server: http.Server;
  let port = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: req.url === '/ok', items: [{ id: 'first' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 100 }, engine: { outboundAllowHosts: ['127.0.0.1'] } });
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef(
          'hook_branch',
          { type: 'webhook', name: 'branch-hook', schema: { type: 'object', properties: { total: { type: 'number' }, kind: { type: 'string' } }, required: ['total'] } },
          [
            { id: 'big', type: 'condition', config: { condition: { field: 'trigger.body.total', op: 'gt', value: 100 } } },
            { id: 'pick', type: 'switch', config: { cases: [{ handle: 'vip', condition: { field: 'trigger.body.kind', op: 'eq', value: 'vip' } }] } },
            { id: 'make', type: 'create_record', config: { entity: 'company', values: { name: 'VIP {{trigger.body.total}}' } } },
            { id: 'small', type: 'end' },
            { id: 'plain', type: 'end' },
          ],
          [['trigger', 'big'], ['big', 'pick', 'true'], ['big', 'small', 'false'], ['pick', 'make', 'vip'], ['pick', 'plain', 'default']],
        ),
        processDef(
          'score_branch',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'SCORE' } },
          [
            {
              id: 'calc',
              type: 'script',
              config: {
                source: 'if (record.title.includes("broken")) return { score: "many", tier: "tin" };\nreturn { score: Number(record.amount) * 2, tier: record.amount > 50 ? "gold" : "tin" };',
                // Declared, so the condition below reads score as a number and tier as an option.
                output: { type: 'object', properties: { score: { type: 'number' }, tier: { enum: ['gold', 'tin'] } }, required: ['score', 'tier'] },
              },
            },
            { id: 'high', type: 'condition', config: { condition: { and: [{ field: 'steps.calc.score', op: 'gte', value: 100 }, { field: 'steps.calc.tier', op: 'eq', value: 'gold' }] } } },
            { id: 'mark_high', type: 'update_record', config: { values: { description: 'high {{steps.calc.score}}' } } },
            { id: 'mark_low', type: 'update_record', config: { values: { description: 'low' } } },
          ],
          [['trigger', 'calc'], ['calc', 'high'], ['high', 'mark_high', 'true'], ['high', 'mark_low', 'false']],
        ),
        processDef(
          'http_branch',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'HTTPC' } },
          [
            { id: 'fetch', type: 'http', config: { method: 'GET', url: '{{record.description}}', timeoutMs: 2000 } },
            { id: 'reachable', type: 'condition', config: { condition: { and: [{ field: 'steps.fetch.status', op: 'eq', value: 200 }, { field: 'steps.fetch.body.ok', op: 'eq', value: true }] } } },
            { id: 'yes', type: 'update_record', config: { values: { lost_reason: 'ok {{steps.fetch.body.items.0.id}}' } } },
            { id: 'no', type: 'update_record', config: { values: { lost_reason: 'not ok' } } },
          ],
          [['trigger', 'fetch'], ['fetch', 'reachable'], ['reachable', 'yes', 'true'], ['reachable', 'no', 'false']],
        ),
        processDef(
          'loop_branch',
          { type: 'record', entity: 'company', on: ['update'], condition: { field: 'city', op: 'changedTo', value: 'Loopville' } },
          [
            { id: 'each_deal', type: 'loop', config: { relation: 'deals' } },
            { id: 'is_big', type: 'condition', config: { condition: { field: 'steps.each_deal.item.amount', op: 'gt', value: 100 } } },
            { id: 'mark', type: 'update_record', config: { target: { entity: 'deal', id: { $ref: 'steps.each_deal.id' } }, values: { description: 'big item' } } },
            { id: 'fin', type: 'update_record', config: { values: { employees: 7 } } },
          ],
          [['trigger', 'each_deal'], ['each_deal', 'is_big', 'each'], ['is_big', 'mark', 'true'], ['is_big', 'each_deal', 'false'], ['mark', 'each_deal'], ['each_deal', 'fin', 'done']],
        ),
        processDef(
          'approval_branch',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'APPR' } },
          [
            { id: 'ask', type: 'approval', config: { title: 'Approve {{record.title}}', approvers: [{ $ref: 'record.owner' }] } },
            { id: 'by_outcome', type: 'condition', config: { condition: { field: 'steps.ask.outcome', op: 'eq', value: 'approved' } } },
            { id: 'said_yes', type: 'update_record', config: { values: { description: 'approved' } } },
            { id: 'said_no', type: 'end' },
            { id: 'refused', type: 'end' },
          ],
          [['trigger', 'ask'], ['ask', 'by_outcome', 'approved'], ['ask', 'refused', 'rejected'], ['by_outcome', 'said_yes', 'true'], ['by_outcome', 'said_no', 'false']],
        ),
        processDef('child_mini', { type: 'manual' }, [{ id: 'stop', type: 'end', config: { message: 'child done' } }], [['trigger', 'stop']]),
        processDef(
          'many_nodes',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'MANY' } },
          [
            { id: 'split', type: 'parallel', config: {} },
            { id: 'task', type: 'create_task', config: { title: 'T {{record.title}}', due: 'PT1H' } },
            { id: 'tell', type: 'notify', config: { to: [{ $ref: 'record.owner' }], message: 'M {{record.title}}' } },
            { id: 'meet', type: 'join', config: { wait: 'all' } },
            { id: 'owner', type: 'assign', config: { strategy: 'user', user: { $ref: 'record.owner' } } },
            { id: 'mail', type: 'email', config: { to: ['client@example.com'], subject: 'S {{record.title}}' } },
            { id: 'pause', type: 'wait', config: { duration: 'PT1S' } },
            { id: 'child', type: 'call_process', config: { process: 'child_mini' } },
            { id: 'finish', type: 'end', config: { message: 'all done' } },
          ],
          [['trigger', 'split'], ['split', 'task'], ['split', 'tell'], ['task', 'meet'], ['tell', 'meet'], ['meet', 'owner'], ['owner', 'mail'], ['mail', 'pause'], ['pause', 'child'], ['child', 'finish']],
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
    return (await rt.request<Record<string, unknown>>('GET', `/api/records/${entity}/${id}`)).body[name];
  }

  async function hook(body: unknown): Promise<RunBody> {
    const res = await fetch(`${rt.baseUrl}/api/hooks/branch-hook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    return waitForRun(rt, runId);
  }

  it('a webhook process branches on its body, with no record and no NO_RECORD', async () => {
    const vip = await hook({ total: 500, kind: 'vip' });
    expect(vip.status).toBe('completed');
    expect(step(vip, 'big')).toMatchObject({ handle: 'true', output: { result: true } });
    expect(step(vip, 'pick')).toMatchObject({ handle: 'vip', output: { case: 'vip' } });
    const made = step(vip, 'make')?.output as { id: string } | undefined;
    expect(await field('company', made?.id ?? '', 'name')).toBe('VIP 500');
    const plain = await hook({ total: 500, kind: 'regular' });
    expect(step(plain, 'pick')).toMatchObject({ handle: 'default' });
    const small = await hook({ total: 5 });
    expect(small.status).toBe('completed');
    expect(step(small, 'big')).toMatchObject({ handle: 'false', output: { result: false } });
    expect(step(small, 'pick')).toBeUndefined();
  });

  it("branches on a script's output", async () => {
    const rich = await createDeal({ title: 'SCORE rich', amount: 60 });
    const poor = await createDeal({ title: 'SCORE poor', amount: 10 });
    expect(step(await runFor(rt, 'score_branch', rich.id), 'high')).toMatchObject({ handle: 'true' });
    expect(step(await runFor(rt, 'score_branch', poor.id), 'high')).toMatchObject({ handle: 'false' });
    expect(await field('deal', rich.id, 'description')).toBe('high 120');
    expect(await field('deal', poor.id, 'description')).toBe('low');
  });

  it('a script that returns something other than its declared output fails the step with SCRIPT_OUTPUT_INVALID, naming what does not fit', async () => {
    const broken = await createDeal({ title: 'SCORE broken', amount: 60 });
    const run = await runFor(rt, 'score_branch', broken.id);
    expect(run.status).toBe('failed');
    const calc = step(run, 'calc');
    expect(calc?.error).toMatchObject({ code: 'SCRIPT_OUTPUT_INVALID' });
    expect(JSON.stringify(calc?.error)).toContain('/score');
    expect(step(run, 'high')).toBeUndefined();
    expect(await field('deal', broken.id, 'description')).toBeNull();
  });

  it('branches on an HTTP status and body', async () => {
    const ok = await createDeal({ title: 'HTTPC ok', amount: 1, description: `http://127.0.0.1:${port}/ok` });
    const other = await createDeal({ title: 'HTTPC other', amount: 1, description: `http://127.0.0.1:${port}/other` });
    expect((await runFor(rt, 'http_branch', ok.id)).status).toBe('completed');
    expect((await runFor(rt, 'http_branch', other.id)).status).toBe('completed');
    expect(await field('deal', ok.id, 'lost_reason')).toBe('ok first');
    expect(await field('deal', other.id, 'lost_reason')).toBe('not ok');
  });

  it("branches on a loop's item", async () => {
    const company = await rt.request<{ id: string; version: number }>('POST', '/api/records/company', { body: { name: 'ООО Петля' } });
    const big = await createDeal({ title: 'loop big', amount: 500, company: company.body.id });
    const small = await createDeal({ title: 'loop small', amount: 50, company: company.body.id });
    const moved = await rt.request('PATCH', `/api/records/company/${company.body.id}`, { body: { city: 'Loopville' }, headers: { 'if-match': String(company.body.version) } });
    expect(moved.status).toBe(200);
    const done = await runFor(rt, 'loop_branch', company.body.id);
    expect(done.error ?? done.status).toBe('completed');
    expect(await field('deal', big.id, 'description')).toBe('big item');
    expect(await field('deal', small.id, 'description')).toBeNull();
    expect(await field('company', company.body.id, 'employees')).toBe(7);
  });

  it("branches on an approval's outcome", async () => {
    const asked = await createDeal({ title: 'APPR please', amount: 3 });
    const task = await until('the approval task', async () =>
      (await rt.request<{ data: Array<{ id: string; title: string }> }>('GET', '/api/tasks?assignee=me&kind=approval')).body.data.find((t) => t.title === 'Approve APPR please'));
    expect((await rt.request('POST', `/api/tasks/${task.id}/complete`, { body: { outcome: 'approved' } })).status).toBe(200);
    expect(step(await runFor(rt, 'approval_branch', asked.id), 'by_outcome')).toMatchObject({ handle: 'true' });
    expect(await field('deal', asked.id, 'description')).toBe('approved');
  });

  it('every step output of these runs fits the output schema the node-type catalog declares', async () => {
    const app = (await rt.request<App>('GET', '/api/definitions/live')).body;
    const problems: string[] = [];
    const types = new Set<string>();
    const many = await createDeal({ title: 'MANY nodes', amount: 3 });
    expect((await runFor(rt, 'many_nodes', many.id)).status).toBe('completed');
    for (const name of ['hook_branch', 'score_branch', 'http_branch', 'loop_branch', 'many_nodes', 'approval_branch']) {
      const process = app.processes?.find((p) => p.name === name);
      if (!process) throw new Error(`no process ${name}`);
      for (const summary of await runsOf(rt, name)) {
        for (const s of (await run(rt, summary.id)).steps) {
          const node = process.nodes.find((n) => n.id === s.nodeId);
          if (!node || s.status !== 'completed') continue;
          types.add(node.type);
          problems.push(...nodeOutputIssues(app, node, triggerRecordEntity(process.trigger), s.output));
        }
      }
    }
    expect(problems).toEqual([]);
    expect([...types].sort()).toEqual(
      ['approval', 'assign', 'call_process', 'condition', 'create_record', 'create_task', 'email', 'end', 'http', 'join', 'loop', 'notify', 'parallel', 'script', 'switch', 'update_record', 'wait'],
    );
  });

  it('refuses at publish a condition whose subject cannot exist at its node, naming the node', async () => {
    const draft = await rt.request<LooseApp>('GET', '/api/definitions/draft');
    const app = draft.body;
    app.processes = [
      ...(app.processes ?? []),
      processDef(
        'no_record_hook',
        { type: 'webhook', name: 'no-record' },
        [
          { id: 'needs_record', type: 'condition', config: { condition: { field: 'amount', op: 'gt', value: 1 } } },
          { id: 'a', type: 'end' },
          { id: 'b', type: 'end' },
        ],
        [['trigger', 'needs_record'], ['needs_record', 'a', 'true'], ['needs_record', 'b', 'false']],
      ),
    ];
    const index = app.processes.length - 1;
    const put = await rt.request<{ error: { code: string; details: Array<{ code: string; pointer: string; nodeId?: string; message: string; message_ru: string }> } }>(
      'PUT',
      '/api/definitions/draft',
      { body: app },
    );
    expect(put.status).toBeGreaterThanOrEqual(400);
    expect(put.status).toBeLessThan(500);
    expect(put.body.error.details).toContainEqual(
      expect.objectContaining({
        code: 'CONDITION_SUBJECT_UNAVAILABLE',
        pointer: `/processes/${index}/nodes/0/config/condition/field`,
        nodeId: 'needs_record',
        message: expect.stringContaining('node "needs_record"'),
        message_ru: expect.stringContaining('узла «needs_record»'),
      }),
    );
  });
});
