import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, runFor, teamId, type Person } from './engine-test.support.js';

/*
 * Process run history is a read path like any other: a sales rep sees runs only about deals they
 * may read, the trigger's record snapshots without the fields hidden from them (deal.margin), and
 * steps without their inputs and outputs (which may carry any field of any record). Admins and
 * builders, who write processes, see everything.
 */

interface RunView {
  id: string;
  recordId: string;
  trigger: { before: Record<string, unknown> | null; after: Record<string, unknown> | null; changes?: unknown };
  steps: Array<{ nodeId: string; input: unknown; output: unknown; effects: unknown }>;
}

describe.each(testDatabaseKinds())('run history permissions on %s', (kind) => {
  let rt: TestRuntime;
  let repA: Person;
  let repB: Person;
  let dealA = '';
  let dealB = '';
  let leakyDeal = '';
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 100 } });
    const team = await teamId(rt, 'Продажи — Москва');
    repA = await person(rt, 'runs.rep.a@example.com', ['sales_rep'], { team });
    repB = await person(rt, 'runs.rep.b@example.com', ['sales_rep'], { team });
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef(
          'note_margin',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'VIS' } },
          [{ id: 'note', type: 'update_record', config: { values: { description: 'margin was {{record.margin}}' } } }],
          [['trigger', 'note']],
        ),
        // A script's error text is whatever the script made of the record, hidden fields included.
        processDef(
          'leak_margin',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'ERRVIS' } },
          [{ id: 'leak', type: 'script', config: { source: "throw new Error('LEAK margin=' + record.margin + ' secret=s3cr3t');" } }],
          [['trigger', 'leak']],
        ),
        // An End step's own words: plain text is what the builder wrote for the people who meet the
        // process; a template may put a hidden field's value in them.
        processDef(
          'refuse_plain',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'ENDVIS' } },
          [{ id: 'stop', type: 'end', config: { status: 'failed', message: { en: 'Add a company before qualifying', ru: 'Укажите компанию перед квалификацией' } } }],
          [['trigger', 'stop']],
        ),
        processDef(
          'refuse_templated',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'ENDVIS' } },
          [{ id: 'stop', type: 'end', config: { status: 'failed', message: 'TEMPLATED margin {{record.margin}}' } }],
          [['trigger', 'stop']],
        ),
        // A template made only of fields the rep may see puts nothing hidden from her in the words.
        processDef(
          'refuse_readable',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'ENDVIS' } },
          [{ id: 'stop', type: 'end', config: { status: 'failed', message: { en: '{{record.title}}: {{record.amount}} is below 50 000', ru: '«{{record.title}}»: сумма {{record.amount}} меньше 50 000' } } }],
          [['trigger', 'stop']],
        ),
      ];
    });
    const a = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'VIS A', amount: 10, margin: 37, owner: repA.id } });
    const b = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'VIS B', amount: 10, margin: 41, owner: repB.id } });
    dealA = a.body.id;
    dealB = b.body.id;
    await runFor(rt, 'note_margin', dealA);
    await runFor(rt, 'note_margin', dealB);
    const leaky = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'ERRVIS A', amount: 10, margin: 11, owner: repA.id } });
    leakyDeal = leaky.body.id;
    await runFor(rt, 'leak_margin', leakyDeal);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('an admin sees every run with full detail', async () => {
    const list = await rt.request<{ data: RunView[] }>('GET', '/api/processes/note_margin/runs');
    expect(list.body.data.map((r) => r.recordId).sort()).toEqual([dealA, dealB].sort());
    const detail = await rt.request<RunView>('GET', `/api/runs/${list.body.data[0]?.id}`);
    expect(detail.body.trigger.after).toHaveProperty('margin');
    expect(detail.body.steps[0]?.output).not.toBeNull();
  });

  it('a rep sees only runs about own deals, without hidden fields or step payloads', async () => {
    const list = await rt.request<{ data: RunView[] }>('GET', '/api/processes/note_margin/runs', { token: repA.token });
    expect(list.status).toBe(200);
    expect(list.body.data.map((r) => r.recordId)).toEqual([dealA]);
    const own = await rt.request<RunView>('GET', `/api/runs/${list.body.data[0]?.id}`, { token: repA.token });
    expect(own.status).toBe(200);
    expect(own.body.trigger.after).not.toHaveProperty('margin');
    expect(own.body.trigger.after).toMatchObject({ title: 'VIS A' });
    expect(own.body.trigger).not.toHaveProperty('changes');
    // Ids and timestamps can contain any digits, so look for the field and the step's text instead.
    expect(JSON.stringify(own.body)).not.toContain('"margin"');
    expect(JSON.stringify(own.body)).not.toContain('margin was');
    expect(own.body.steps.map((s) => [s.nodeId, s.input, s.output, s.effects])).toEqual([['note', null, null, null]]);

    const all = await rt.request<{ data: RunView[] }>('GET', '/api/processes/note_margin/runs');
    const othersRun = all.body.data.find((r) => r.recordId === dealB);
    const foreign = await rt.request<{ error: { code: string } }>('GET', `/api/runs/${othersRun?.id}`, { token: repA.token });
    expect(foreign.status).toBe(404);
    // Filtering by another rep's record shows nothing either.
    const probed = await rt.request<{ data: RunView[] }>('GET', `/api/processes/note_margin/runs?recordId=${dealB}`, { token: repA.token });
    expect(probed.body.data).toEqual([]);
  });

  it('a rep sees a failed run\'s error code but never the error text, which may carry hidden values', async () => {
    const admin = await rt.request<{ data: Array<{ id: string; error: { message?: string } | null }> }>('GET', `/api/processes/leak_margin/runs?recordId=${leakyDeal}`);
    const runId = admin.body.data[0]?.id;
    const full = await rt.request<LeakyRun>('GET', `/api/runs/${runId}`);
    expect(full.body.status).toBe('failed');
    // The admin (who writes the scripts) still reads the text, in all three places.
    expect(full.body.error?.message).toContain('LEAK margin=11');
    expect(JSON.stringify(full.body.steps.map((s) => s.error))).toContain('LEAK margin=11');
    expect(JSON.stringify(full.body.waiting.map((w) => w.lastError))).toContain('LEAK margin=11');

    const own = await rt.request<LeakyRun>('GET', `/api/runs/${runId}`, { token: repA.token });
    expect(own.status).toBe(200);
    expect(JSON.stringify(own.body)).not.toContain('LEAK');
    expect(JSON.stringify(own.body)).not.toContain('s3cr3t');
    expect(own.body.error).toMatchObject({ code: 'SCRIPT_SCRIPT_ERROR', nodeId: 'leak', redacted: true });
    expect(own.body.error?.message).toEqual(expect.any(String));
    expect(own.body.steps.map((s) => s.error)).toEqual([expect.objectContaining({ code: 'SCRIPT_SCRIPT_ERROR', redacted: true })]);
    expect(own.body.waiting.map((w) => w.lastError)).toEqual([expect.objectContaining({ code: 'SCRIPT_SCRIPT_ERROR', redacted: true })]);

    const list = await rt.request<{ data: unknown[] }>('GET', '/api/processes/leak_margin/runs', { token: repA.token });
    expect(list.body.data).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain('LEAK');
  });

  it('a rep reads an End step’s words in a run it failed when nothing hidden from her can be in them', async () => {
    const deal = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'ENDVIS A', amount: 10, margin: 29, owner: repA.id } });
    const plain = await runFor(rt, 'refuse_plain', deal.body.id);
    const templated = await runFor(rt, 'refuse_templated', deal.body.id);
    // The admin reads both whole, the template filled in.
    expect(templated.error).toMatchObject({ code: 'ENDED_FAILED', message: 'TEMPLATED margin 29' });

    const own = await rt.request<LeakyRun & { error: { message_ru?: string } | null }>('GET', `/api/runs/${plain.id}`, { token: repA.token });
    expect(own.body.error).toEqual({ code: 'ENDED_FAILED', nodeId: 'stop', message: 'Add a company before qualifying', message_ru: 'Укажите компанию перед квалификацией' });
    const listed = await rt.request<{ data: Array<{ error: unknown }> }>('GET', `/api/processes/refuse_plain/runs?recordId=${deal.body.id}`, { token: repA.token });
    expect(listed.body.data[0]?.error).toMatchObject({ message_ru: 'Укажите компанию перед квалификацией' });

    const hidden = await rt.request<LeakyRun>('GET', `/api/runs/${templated.id}`, { token: repA.token });
    expect(hidden.body.error).toMatchObject({ code: 'ENDED_FAILED', nodeId: 'stop', redacted: true });
    expect(JSON.stringify(hidden.body)).not.toContain('TEMPLATED');
    const hiddenListed = await rt.request<{ data: unknown[] }>('GET', `/api/processes/refuse_templated/runs?recordId=${deal.body.id}`, { token: repA.token });
    expect(JSON.stringify(hiddenListed.body)).not.toContain('TEMPLATED');

    const readable = await runFor(rt, 'refuse_readable', deal.body.id);
    const filled = await rt.request<LeakyRun & { error: { message_ru?: string } | null }>('GET', `/api/runs/${readable.id}`, { token: repA.token });
    expect(filled.body.error).toEqual({ code: 'ENDED_FAILED', nodeId: 'stop', message: 'ENDVIS A: 10 is below 50 000', message_ru: '«ENDVIS A»: сумма 10 меньше 50 000' });
  });
});

interface LeakyRun {
  status: string;
  error: { code?: string; message?: string; nodeId?: string; redacted?: boolean } | null;
  steps: Array<{ error: unknown }>;
  waiting: Array<{ lastError: unknown }>;
}
