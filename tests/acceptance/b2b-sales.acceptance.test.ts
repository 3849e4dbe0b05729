import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds, startTestRuntime, type TestRuntime } from '@crm/runtime/testing';

/*
 * The foundation issue's acceptance scenario, as a new user would run it over HTTP with the
 * b2b-sales template installed: records, validation, optimistic locking, filters, history,
 * and publishing that renames a field (keeping data) or fails midway (changing nothing).
 */
interface DealRecord {
  id: string;
  version: number;
  owner: string;
  title: string;
  amount: number;
  stage: string;
  company: string | null;
}

interface LooseEntity {
  name: string;
  label?: { en: string; ru?: string };
  fields: { name: string; type?: string; unique?: boolean }[];
}

interface ListBody<T> {
  data: T[];
  nextCursor: string | null;
  total?: number;
}

describe.each(testDatabaseKinds())('b2b-sales over HTTP on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('creates a company and a deal linked to it', async () => {
    const company = await rt.request<{ id: string; name: string }>('POST', '/api/records/company', {
      body: { name: 'ООО «Тестовая компания»', city: 'Казань' },
    });
    expect(company.status).toBe(201);
    const deal = await rt.request<DealRecord>('POST', '/api/records/deal', {
      body: { title: 'Поставка оборудования', amount: 42000, company: company.body.id },
    });
    expect(deal.status).toBe(201);
    expect(deal.body).toMatchObject({ title: 'Поставка оборудования', amount: 42000, company: company.body.id, stage: 'lead', version: 1 });
    expect(typeof deal.body.id).toBe('string');
    expect(typeof deal.body.owner).toBe('string');

    const read = await rt.request<DealRecord>('GET', `/api/records/deal/${deal.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.amount).toBe(42000);
  });

  it('refuses "amount": "много" with 400 naming amount and stores nothing', async () => {
    const before = await rt.request<ListBody<DealRecord>>('GET', '/api/records/deal?count=1&limit=1');
    const res = await rt.request<{ error: { code: string; details: { field?: string }[] } }>('POST', '/api/records/deal', {
      body: { title: 'Плохая сумма', amount: 'много' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d) => d.field)).toContain('amount');
    const after = await rt.request<ListBody<DealRecord>>('GET', '/api/records/deal?count=1&limit=1');
    expect(after.body.total).toBe(before.body.total);
  });

  it('answers a stale If-Match with 412 and keeps the newer value', async () => {
    const created = await rt.request<DealRecord>('POST', '/api/records/deal', { body: { title: 'Гонка правок', amount: 10000 } });
    const first = await rt.request<DealRecord>('PATCH', `/api/records/deal/${created.body.id}`, {
      body: { amount: 11000 },
      headers: { 'if-match': String(created.body.version) },
    });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(created.body.version + 1);
    const stale = await rt.request<{ error: { code: string } }>('PATCH', `/api/records/deal/${created.body.id}`, {
      body: { amount: 99999 },
      headers: { 'if-match': String(created.body.version) },
    });
    expect(stale.status).toBe(412);
    const now = await rt.request<DealRecord>('GET', `/api/records/deal/${created.body.id}`);
    expect(now.body.amount).toBe(11000);
  });

  it('filters amount > 55000 to exactly the matching deals', async () => {
    for (const amount of [55000, 55001, 70000, 54999.99]) {
      const res = await rt.request('POST', '/api/records/deal', { body: { title: `Фильтр ${amount}`, amount } });
      expect(res.status).toBe(201);
    }
    const all: DealRecord[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: ListBody<DealRecord> } = await rt.request<ListBody<DealRecord>>(
        'GET',
        `/api/records/deal?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      all.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    const expected = all.filter((d) => d.amount > 55000).map((d) => d.id).sort();

    const filter = encodeURIComponent(JSON.stringify({ field: 'amount', op: 'gt', value: 55000 }));
    const res = await rt.request<ListBody<DealRecord>>('GET', `/api/records/deal?filter=${filter}&limit=500`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((d) => d.id).sort()).toEqual(expected);
    expect(res.body.data.some((d) => d.amount === 55000)).toBe(false);
    expect(res.body.data.some((d) => d.amount === 55001)).toBe(true);
  });

  it('shows the change in /history with old and new values and who made it', async () => {
    const created = await rt.request<DealRecord>('POST', '/api/records/deal', { body: { title: 'История', amount: 20000 } });
    await rt.request('PATCH', `/api/records/deal/${created.body.id}`, { body: { amount: 25000, title: 'История 2' } });
    const history = await rt.request<{
      data: { version: number; action: string; actor: { kind: string; id: string }; changes: { field: string; old: unknown; new: unknown }[] }[];
    }>('GET', `/api/records/deal/${created.body.id}/history`);
    expect(history.status).toBe(200);
    const update = history.body.data.find((h) => h.action === 'update');
    expect(update?.actor.kind).toBe('user');
    expect(update?.changes).toEqual(
      expect.arrayContaining([
        { field: 'amount', old: 20000, new: 25000 },
        { field: 'title', old: 'История', new: 'История 2' },
      ]),
    );
    expect(history.body.data.some((h) => h.action === 'create')).toBe(true);
  });

  it('finds «сделка» when searching for «сделки»', async () => {
    await rt.request('POST', '/api/records/deal', { body: { title: 'Крупная сделка с заводом', amount: 500 } });
    const res = await rt.request<ListBody<DealRecord>>('GET', `/api/records/deal?q=${encodeURIComponent('сделки')}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((d) => d.title)).toContain('Крупная сделка с заводом');
  });

  it('keeps data when a publish renames a field', async () => {
    const created = await rt.request<DealRecord & { lost_reason: string }>('POST', '/api/records/deal', {
      body: { title: 'Переименование', amount: 1000, lost_reason: 'Дорого' },
    });
    expect(created.status).toBe(201);
    const draft = await rt.request<{ entities: { name: string; fields: { name: string }[] }[] }>('GET', '/api/definitions/draft');
    const deal = draft.body.entities.find((e) => e.name === 'deal');
    const field = deal?.fields.find((f) => f.name === 'lost_reason');
    expect(field).toBeDefined();
    if (field) field.name = 'loss_reason';
    const put = await rt.request('PUT', '/api/definitions/draft', { body: renameEverywhere(draft.body, 'lost_reason', 'loss_reason') });
    expect(put.status).toBe(200);
    const publish = await rt.request('POST', '/api/definitions/publish', { body: {} });
    expect(publish.status).toBe(200);

    const read = await rt.request<Record<string, unknown>>('GET', `/api/records/deal/${created.body.id}`);
    expect(read.body.loss_reason).toBe('Дорого');
    expect(read.body).not.toHaveProperty('lost_reason');
  });

  it('changes nothing when a publish fails midway', async () => {
    const versionsBefore = await rt.request<unknown[]>('GET', '/api/definitions/versions');
    const liveBefore = await rt.request('GET', '/api/definitions/live');
    const dealsBefore = await rt.request<ListBody<DealRecord>>('GET', '/api/records/deal?count=1&limit=1');

    // A new entity (its table is created first), then `unique` on titles that already repeat.
    await rt.request('POST', '/api/records/deal', { body: { title: 'Дубль', amount: 1 } });
    await rt.request('POST', '/api/records/deal', { body: { title: 'Дубль', amount: 2 } });
    const draft = await rt.request<{ entities: LooseEntity[] }>('GET', '/api/definitions/draft');
    draft.body.entities.push({ name: 'contract_doc', label: { en: 'Contract', ru: 'Договор' }, fields: [{ name: 'number', type: 'text' }] });
    const title = draft.body.entities.find((e) => e.name === 'deal')?.fields.find((f) => f.name === 'title');
    if (title) title.unique = true;
    expect((await rt.request('PUT', '/api/definitions/draft', { body: draft.body })).status).toBe(200);

    const publish = await rt.request<{ error: { code: string; message: string } }>('POST', '/api/definitions/publish', { body: {} });
    expect(publish.status).toBeGreaterThanOrEqual(400);
    expect(publish.body.error.message).toMatch(/title|Дубль/i);

    expect((await rt.request('GET', '/api/definitions/versions')).body).toEqual(versionsBefore.body);
    expect((await rt.request('GET', '/api/definitions/live')).body).toEqual(liveBefore.body);
    const tables = await rt.db.knex('information_schema.tables').where({ table_name: 'rec_contract_doc' });
    expect(tables).toHaveLength(0);
    const dealsAfter = await rt.request<ListBody<DealRecord>>('GET', '/api/records/deal?count=1&limit=1');
    expect(dealsAfter.body.total).toBe((dealsBefore.body.total ?? 0) + 2);
  });
});

/** Renames a field's name everywhere it is referenced in the definition (views, forms, pipelines). */
function renameEverywhere<T>(definition: T, from: string, to: string): T {
  return JSON.parse(JSON.stringify(definition).split(`"${from}"`).join(`"${to}"`));
}
