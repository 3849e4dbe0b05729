import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, runFor, teamId, type Person } from './engine-test.support.js';

/*
 * The record-facing node types, each in an after-save process run by real workers over HTTP:
 * condition, switch, update_record (own record and another), create_record, assign (every
 * strategy), script (output used downstream; its API acts with the causing person's permissions),
 * end (completed and failed).
 */

interface Deal {
  id: string;
  owner: string;
  description: string | null;
  source: string | null;
  region: string | null;
  company: string | null;
  version: number;
}

describe.each(testDatabaseKinds())('record nodes on %s', (kind) => {
  let rt: TestRuntime;
  let senior: Person;
  let rep: Person;
  let rep2: Person;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 100 }, engine: { engine: { retryBaseMs: 20, retryMaxMs: 100 } } });
    const team = await teamId(rt, 'Продажи — Санкт-Петербург');
    senior = await person(rt, 'nodes.senior@example.com', ['senior_manager'], { team });
    rep = await person(rt, 'nodes.rep@example.com', ['sales_rep'], { team, manager: senior.id });
    rep2 = await person(rt, 'nodes.rep2@example.com', ['sales_rep'], { team, manager: senior.id });
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef(
          'classify_source',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'CLS' } },
          [
            { id: 'has_amount', type: 'condition', config: { condition: { field: 'amount', op: 'gte', value: 10000 } } },
            {
              id: 'by_region',
              type: 'switch',
              config: { cases: [{ handle: 'msk', condition: { field: 'region', op: 'eq', value: 'moscow' } }, { handle: 'spb', condition: { field: 'region', op: 'eq', value: 'spb' } }] },
            },
            { id: 'mark_msk', type: 'update_record', config: { values: { description: 'Москва: {{record.title}}', source: 'website' } } },
            { id: 'mark_spb', type: 'update_record', config: { values: { description: 'Питер', source: 'referral' } } },
            { id: 'mark_other', type: 'update_record', config: { values: { description: 'другой регион' } } },
            { id: 'too_small', type: 'end', config: { status: 'failed', message: 'Сумма {{record.amount}} меньше 10000' } },
            { id: 'done', type: 'end' },
          ],
          [
            ['trigger', 'has_amount'],
            ['has_amount', 'by_region', 'true'],
            ['has_amount', 'too_small', 'false'],
            ['by_region', 'mark_msk', 'msk'],
            ['by_region', 'mark_spb', 'spb'],
            ['by_region', 'mark_other', 'default'],
            ['mark_msk', 'done'],
            ['mark_spb', 'done'],
            ['mark_other', 'done'],
          ],
        ),
        processDef(
          'company_and_activity',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'CMP' } },
          [
            { id: 'new_company', type: 'create_record', config: { entity: 'company', values: { name: 'Компания для {{record.title}}', city: 'Казань' } } },
            { id: 'link', type: 'update_record', config: { values: { company: { $ref: 'steps.new_company.id' } } } },
            { id: 'touch_company', type: 'update_record', config: { target: { entity: 'company', id: { $ref: 'steps.new_company.id' } }, values: { industry: 'it' } } },
            { id: 'log', type: 'create_record', config: { entity: 'activity', values: { kind: 'note', subject: 'Создана компания {{steps.new_company.record.name}}', deal: '{{record.id}}' } } },
          ],
          [
            ['trigger', 'new_company'],
            ['new_company', 'link'],
            ['link', 'touch_company'],
            ['touch_company', 'log'],
          ],
        ),
        processDef(
          'assign_strategies',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'ASG' } },
          [
            {
              id: 'pick',
              type: 'switch',
              config: {
                cases: [
                  { handle: 'user', condition: { field: 'description', op: 'eq', value: 'user' } },
                  { handle: 'rr', condition: { field: 'description', op: 'eq', value: 'rr' } },
                  { handle: 'mgr', condition: { field: 'description', op: 'eq', value: 'mgr' } },
                  { handle: 'senior', condition: { field: 'description', op: 'eq', value: 'senior' } },
                ],
              },
            },
            { id: 'to_user', type: 'assign', config: { strategy: 'user', user: 'nodes.rep2@example.com' } },
            { id: 'to_rr', type: 'assign', config: { strategy: 'role-round-robin', role: 'sales_rep' } },
            { id: 'to_mgr', type: 'assign', config: { strategy: 'owner-manager' } },
            { id: 'to_senior', type: 'assign', config: { strategy: 'team-senior', role: 'senior_manager' } },
            { id: 'nothing', type: 'end' },
          ],
          [
            ['trigger', 'pick'],
            ['pick', 'nothing', 'default'],
            ['pick', 'to_user', 'user'],
            ['pick', 'to_rr', 'rr'],
            ['pick', 'to_mgr', 'mgr'],
            ['pick', 'to_senior', 'senior'],
          ],
        ),
        processDef(
          'scripted',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'SCR' } },
          [
            {
              id: 'score',
              type: 'script',
              config: {
                language: 'typescript',
                source: [
                  'const amount: number = record.amount ?? 0;',
                  "console.log('scoring', record.title);",
                  "const company = record.company ? await api.getRecord('company', record.company) : null;",
                  "return { score: Math.round(amount / 1000), grade: amount > 50000 ? 'A' : 'B', companyName: company ? company.name : null };",
                ].join('\n'),
              },
            },
            { id: 'write', type: 'update_record', config: { values: { description: 'Оценка {{steps.score.score}} ({{steps.score.grade}}), {{steps.score.companyName}}' } } },
          ],
          [
            ['trigger', 'score'],
            ['score', 'write'],
          ],
        ),
        processDef(
          'script_as_person',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'SAP' } },
          [
            {
              id: 'touch_other',
              type: 'script',
              config: { source: "await api.updateRecord('deal', record.description, { lost_reason: 'tampered' }); return { ok: true };" },
            },
          ],
          [['trigger', 'touch_other']],
        ),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function createDeal(body: Record<string, unknown>, token?: string): Promise<Deal> {
    const res = await rt.request<Deal>('POST', '/api/records/deal', { body, ...(token ? { token } : {}) });
    if (res.status !== 201) throw new Error(`deal not created: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function deal(id: string): Promise<Deal> {
    return (await rt.request<Deal>('GET', `/api/records/deal/${id}`)).body;
  }

  it('condition and switch route by the record, update_record writes, end completes', async () => {
    const msk = await createDeal({ title: 'CLS Москва', amount: 20000, region: 'moscow' });
    const spb = await createDeal({ title: 'CLS Питер', amount: 20000, region: 'spb' });
    const other = await createDeal({ title: 'CLS Урал', amount: 20000, region: 'ural' });
    const runMsk = await runFor(rt, 'classify_source', msk.id);
    expect(runMsk.status).toBe('completed');
    expect(runMsk.steps.map((s) => [s.nodeId, s.handle])).toEqual([
      ['has_amount', 'true'],
      ['by_region', 'msk'],
      ['mark_msk', 'out'],
      ['done', null],
    ]);
    expect(await deal(msk.id)).toMatchObject({ description: 'Москва: CLS Москва', source: 'website' });
    expect((await runFor(rt, 'classify_source', spb.id)).status).toBe('completed');
    expect(await deal(spb.id)).toMatchObject({ description: 'Питер', source: 'referral' });
    expect((await runFor(rt, 'classify_source', other.id)).status).toBe('completed');
    expect((await deal(other.id)).description).toBe('другой регион');
  });

  it('an end node with status failed fails the run with its message', async () => {
    const small = await createDeal({ title: 'CLS мелочь', amount: 500, region: 'moscow' });
    const run = await runFor(rt, 'classify_source', small.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'ENDED_FAILED', nodeId: 'too_small', message: 'Сумма 500 меньше 10000' });
    expect((await deal(small.id)).description).toBeNull();
  });

  it('create_record and update_record on another record chain through step outputs', async () => {
    const created = await createDeal({ title: 'CMP Альфа', amount: 1000 });
    const run = await runFor(rt, 'company_and_activity', created.id);
    expect(run.status).toBe('completed');
    const after = await deal(created.id);
    expect(after.company).toMatch(/^[0-9a-f-]{36}$/);
    const company = await rt.request<{ name: string; industry: string }>('GET', `/api/records/company/${after.company}`);
    expect(company.body).toMatchObject({ name: 'Компания для CMP Альфа', industry: 'it' });
    const activities = await rt.request<{ data: Array<{ subject: string }> }>(
      'GET',
      `/api/records/activity?filter=${encodeURIComponent(JSON.stringify({ field: 'deal', op: 'eq', value: created.id }))}`,
    );
    expect(activities.body.data.map((a) => a.subject)).toEqual(['Создана компания Компания для CMP Альфа']);
    // The process's writes are in the record's history, attributed to the process and its run.
    const history = await rt.request<{ data: Array<{ actor: { kind: string; process?: string; runId?: string }; changes: Array<{ field: string }> }> }>(
      'GET',
      `/api/records/deal/${created.id}/history`,
    );
    const byProcess = history.body.data.find((h) => h.actor.kind === 'process');
    expect(byProcess?.actor).toMatchObject({ process: 'company_and_activity', runId: run.id });
    expect(byProcess?.changes.map((c) => c.field)).toContain('company');
  });

  it('assign: a named person, round robin, the owner manager, the senior of the team', async () => {
    const byUser = await createDeal({ title: 'ASG user', amount: 1, description: 'user' }, rep.token);
    expect((await runFor(rt, 'assign_strategies', byUser.id)).status).toBe('completed');
    expect((await deal(byUser.id)).owner).toBe(rep2.id);

    const mgr = await createDeal({ title: 'ASG mgr', amount: 1, description: 'mgr' }, rep.token);
    expect((await runFor(rt, 'assign_strategies', mgr.id)).status).toBe('completed');
    expect((await deal(mgr.id)).owner).toBe(senior.id);

    const sen = await createDeal({ title: 'ASG senior', amount: 1, description: 'senior' }, rep.token);
    expect((await runFor(rt, 'assign_strategies', sen.id)).status).toBe('completed');
    // The rep's team has the template's senior manager and ours: the first by id among them.
    const seniorOwner = (await deal(sen.id)).owner;
    const users = await rt.request<{ data: Array<{ id: string; roles: string[]; team: string | null }> }>('GET', '/api/users');
    const repTeam = users.body.data.find((u) => u.id === rep.id)?.team;
    const seniorsOfTeam = users.body.data.filter((u) => u.team === repTeam && u.roles.includes('senior_manager')).map((u) => u.id).sort();
    expect(seniorOwner).toBe(seniorsOfTeam[0]);

    const reps = users.body.data.filter((u) => u.roles.includes('sales_rep')).map((u) => u.id).sort();
    const picked: string[] = [];
    for (let i = 0; i < reps.length + 1; i++) {
      const rr = await createDeal({ title: `ASG rr ${i}`, amount: 1, description: 'rr' });
      expect((await runFor(rt, 'assign_strategies', rr.id)).status).toBe('completed');
      picked.push((await deal(rr.id)).owner);
    }
    // Every rep in turn, then the first again.
    expect(new Set(picked.slice(0, reps.length))).toEqual(new Set(reps));
    expect(picked[reps.length]).toBe(picked[0]);
  });

  it('script: TypeScript runs in the sandbox, its output and console reach the run, the next step uses it', async () => {
    const company = await rt.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'ООО Скрипт' } });
    const created = await createDeal({ title: 'SCR оценка', amount: 75000, company: company.body.id });
    const run = await runFor(rt, 'scripted', created.id);
    expect(run.status).toBe('completed');
    expect(run.steps[0]?.output).toEqual({ score: 75, grade: 'A', companyName: 'ООО Скрипт' });
    const detail = await rt.request<{ steps: Array<{ logs: Array<{ message: string }> }> }>('GET', `/api/runs/${run.id}`);
    expect(detail.body.steps[0]?.logs.map((l) => l.message)).toEqual(['scoring SCR оценка']);
    expect((await deal(created.id)).description).toBe('Оценка 75 (A), ООО Скрипт');
  });

  it("script API acts with the causing person's permissions: a rep's script cannot write another rep's deal", async () => {
    const victim = await createDeal({ title: 'чужая сделка', amount: 1 }, rep2.token);
    const attack = await createDeal({ title: 'SAP атака', amount: 1, description: victim.id }, rep.token);
    const run = await runFor(rt, 'script_as_person', attack.id);
    expect(run.status).toBe('failed');
    // Another rep's deal is not even visible to this rep: the API answers like for a missing one.
    expect(run.error).toMatchObject({ code: 'SCRIPT_API_ERROR', nodeId: 'touch_other' });
    expect(run.error?.message).toMatch(/no deal record/i);
    // A refusal is not retried: one attempt, parked at once.
    expect(run.steps.filter((s) => s.nodeId === 'touch_other').map((s) => s.attempt)).toEqual([1]);
    const after = await rt.request<{ lost_reason: string | null }>('GET', `/api/records/deal/${victim.id}`);
    expect(after.body.lost_reason).toBeNull();
  });
});
