import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, Process } from '@crm/schemas';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, runFor, type Person } from './engine-test.support.js';

/*
 * A before-save process refuses a save in plain words: an end node with status failed answers
 * 422 PROCESS_FAILED with the node's ru/en message (the headline in the caller's language naming
 * the process), details.field at the node's field, and no row written or changed. Before-save runs
 * read trigger.changes as after-save runs do. An after-save failed end still only fails its run,
 * and an end node written the old way (one message string) still refuses.
 */

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

interface Deal {
  id: string;
  title: string;
  stage: string;
  amount: number | null;
  note: string | null;
  version: number;
}

const wonNeedsAmount: Process = {
  name: 'won_needs_amount',
  label: { ru: 'Выигрыш только с суммой', en: 'Won only with an amount' },
  mode: 'before-save',
  trigger: { type: 'record', entity: 'deal', on: ['create', 'update'] },
  nodes: [
    { id: 'won_without_amount', type: 'condition', config: { condition: { and: [{ field: 'stage', op: 'eq', value: 'won' }, { field: 'amount', op: 'isEmpty' }] } } },
    {
      id: 'refuse',
      type: 'end',
      config: {
        status: 'failed',
        message: { ru: 'Укажите сумму сделки «{{record.title}}», прежде чем отметить её выигранной', en: 'Give the amount of “{{record.title}}” before marking it won' },
        field: 'amount',
      },
    },
    { id: 'fine', type: 'end', config: {} },
  ],
  edges: [
    { from: 'trigger', to: 'won_without_amount' },
    { from: 'won_without_amount', to: 'refuse', handle: 'true' },
    { from: 'won_without_amount', to: 'fine', handle: 'false' },
  ],
};

/** The old form of a failed end: one message string, no field. */
const noFrozen: Process = {
  name: 'no_frozen_titles',
  mode: 'before-save',
  trigger: { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'FROZEN' } },
  nodes: [{ id: 'stop', type: 'end', config: { status: 'failed', message: 'Frozen deals are not taken' } }],
  edges: [{ from: 'trigger', to: 'stop' }],
};

/** Writes what trigger.changes says into the note, so the test reads what a before-save run saw. */
const noteChanges: Process = {
  name: 'note_changes',
  mode: 'before-save',
  trigger: { type: 'record', entity: 'deal', on: ['update'], condition: { field: 'title', op: 'startsWith', value: 'NOTE' } },
  nodes: [
    {
      id: 'describe',
      type: 'script',
      config: { source: "return { text: trigger.changes.map((c) => c.field + ':' + c.old + '>' + c.new).join(',') };", output: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
    },
    { id: 'to_won', type: 'condition', config: { condition: { and: [{ field: 'trigger.before.stage', op: 'ne', value: 'won' }, { field: 'stage', op: 'eq', value: 'won' }] } } },
    { id: 'won_note', type: 'update_record', config: { values: { note: 'won; {{steps.describe.text}}' } } },
    { id: 'plain_note', type: 'update_record', config: { values: { note: '{{steps.describe.text}}' } } },
  ],
  edges: [
    { from: 'trigger', to: 'describe' },
    { from: 'describe', to: 'to_won' },
    { from: 'to_won', to: 'won_note', handle: 'true' },
    { from: 'to_won', to: 'plain_note', handle: 'false' },
  ],
};

/** After the save a failed end only fails its run, as before. */
const afterSaveFailure: Process = {
  name: 'after_save_failure',
  mode: 'after-save',
  trigger: { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'AFTER' } },
  nodes: [{ id: 'give_up', type: 'end', config: { status: 'failed', message: { ru: 'Не вышло', en: 'It did not work out' }, field: 'title' } }],
  edges: [{ from: 'trigger', to: 'give_up' }],
};

const app: App = {
  name: 'refusals',
  settings: { timezone: 'Europe/Moscow' },
  entities: [
    {
      name: 'deal',
      label: { ru: 'Сделка', en: 'Deal' },
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'stage', type: 'enum', options: [{ value: 'new', label: { ru: 'Новая', en: 'New' } }, { value: 'won', label: { ru: 'Выиграна', en: 'Won' } }], default: 'new' },
        { name: 'amount', type: 'number' },
        { name: 'note', type: 'text' },
      ],
      display: 'title',
    },
  ],
  roles: [{ name: 'seller', label: { ru: 'Продавец', en: 'Seller' }, entities: { deal: { create: 'all', read: 'all', update: 'all', delete: 'none' } } }],
  processes: [wonNeedsAmount, noFrozen, noteChanges, afterSaveFailure],
};

describe.each(testDatabaseKinds())('a before-save process refuses a save on %s', (kind) => {
  let rt: TestRuntime;
  let seller: Person;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app, workers: { pollMs: 100 } });
    seller = await person(rt, 'seller.refusal@example.com', ['seller']);
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function dealCount(): Promise<number> {
    const page = await rt.request<{ total: number }>('GET', '/api/records/deal?count=1&limit=1');
    return page.body.total;
  }

  it('answers 422 with the end node’s words, its field and the process, and writes no row', async () => {
    const before = await dealCount();
    const refused = await rt.request<ErrorBody>('POST', '/api/records/deal', { body: { title: 'Поставка', stage: 'won' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PROCESS_FAILED');
    expect(refused.body.error.message).toBe('The process “Won only with an amount” refused the save: Give the amount of “Поставка” before marking it won');
    expect(refused.body.error.details).toEqual([
      {
        code: 'SAVE_REFUSED',
        field: 'amount',
        nodeId: 'refuse',
        process: 'won_needs_amount',
        processLabel: { ru: 'Выигрыш только с суммой', en: 'Won only with an amount' },
        message: 'Give the amount of “Поставка” before marking it won',
        message_ru: 'Укажите сумму сделки «Поставка», прежде чем отметить её выигранной',
      },
    ]);
    expect(await dealCount()).toBe(before);
    // No run of a refused save is kept: its transaction was rolled back with the record.
    const kept = await rt.db.knex('process_runs').where({ process: 'won_needs_amount' }).count({ n: '*' }).first();
    expect(Number(kept?.['n'] ?? 0)).toBe(0);
  });

  it('speaks the caller’s language and leaves an updated record as it was', async () => {
    const created = await rt.request<Deal>('POST', '/api/records/deal', { token: seller.token, body: { title: 'Аренда' } });
    expect(created.status).toBe(201);
    const chose = await rt.request('PATCH', '/api/auth/me', { token: seller.token, body: { locale: 'ru' } });
    expect(chose.status).toBe(200);

    const refused = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${created.body.id}`, { token: seller.token, body: { stage: 'won', note: 'закрываем' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe('Процесс «Выигрыш только с суммой» не дал сохранить запись: Укажите сумму сделки «Аренда», прежде чем отметить её выигранной');
    expect(refused.body.error.details[0]).toMatchObject({ field: 'amount', message_ru: 'Укажите сумму сделки «Аренда», прежде чем отметить её выигранной' });
    const after = await rt.request<Deal>('GET', `/api/records/deal/${created.body.id}`);
    expect(after.body).toMatchObject({ stage: 'new', note: null, version: created.body.version });

    const allowed = await rt.request<Deal>('PATCH', `/api/records/deal/${created.body.id}`, { token: seller.token, body: { stage: 'won', amount: 5000 } });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ stage: 'won', amount: 5000 });
  });

  it('refuses with an end node written the old way (one message for both languages)', async () => {
    const before = await dealCount();
    const refused = await rt.request<ErrorBody>('POST', '/api/records/deal', { body: { title: 'FROZEN лот' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe('The process “no_frozen_titles” refused the save: Frozen deals are not taken');
    expect(refused.body.error.details[0]).toMatchObject({ code: 'SAVE_REFUSED', nodeId: 'stop', process: 'no_frozen_titles', message: 'Frozen deals are not taken', message_ru: 'Frozen deals are not taken' });
    expect(refused.body.error.details[0]).not.toHaveProperty('field');
    expect(await dealCount()).toBe(before);
  });

  it('gives before-save runs trigger.changes, so a condition can tell a stage changed to won', async () => {
    const created = await rt.request<Deal>('POST', '/api/records/deal', { body: { title: 'NOTE первая', amount: 10 } });
    expect(created.status).toBe(201);
    const renamed = await rt.request<Deal>('PATCH', `/api/records/deal/${created.body.id}`, { body: { title: 'NOTE вторая' } });
    expect(renamed.body.note).toBe('title:NOTE первая>NOTE вторая');
    const won = await rt.request<Deal>('PATCH', `/api/records/deal/${created.body.id}`, { body: { stage: 'won' } });
    expect(won.status).toBe(200);
    expect(won.body.note).toBe('won; stage:new>won');
  });

  it('after the save, a failed end fails its run and the record stays saved', async () => {
    const created = await rt.request<Deal>('POST', '/api/records/deal', { body: { title: 'AFTER всё' } });
    expect(created.status).toBe(201);
    const run = await runFor(rt, 'after_save_failure', created.body.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'ENDED_FAILED', nodeId: 'give_up', message: 'It did not work out' });
    expect(run.steps[0]?.output).toEqual({ status: 'failed', message: { ru: 'Не вышло', en: 'It did not work out' } });
    expect((await rt.request<Deal>('GET', `/api/records/deal/${created.body.id}`)).status).toBe(200);
  });
});
