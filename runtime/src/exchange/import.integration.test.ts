import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { countRows, getText, postCsv, sameButName, sessionFor, withQuery } from './exchange.test-support.js';
import type { ImportReport } from './import-report.builder.js';

/*
 * POST /api/import/:entity over HTTP with the b2b-sales template, trying to break it: duplicates
 * written differently (phones in three notations, e-mails in another case) inside the file and
 * against the database, a sales rep's field access and record scope, rows that fail every kind of
 * check mixed with good ones in one batch (the bad ones must change nothing), before-save and
 * after-save processes on imported deals, and an export re-imported as an update.
 */

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

type Person = { id: string; token: string };

function phone(n: number, style: 'e164' | 'ru' | 'spaced'): string {
  const d = String(9_120_000_000 + n);
  if (style === 'e164') return `+7${d}`;
  if (style === 'ru') return `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`;
  return `+7 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
}

describe.each(testDatabaseKinds())('import over HTTP on %s', (kind) => {
  let rt: TestRuntime;
  let rep: Person;
  let other: Person;

  async function contactsOf(owner: string): Promise<number> {
    return countRows(rt, 'rec_contact', { owner, deleted_at: null });
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    rep = await sessionFor(rt, 'dmitry.petrov@example.com');
    other = await sessionFor(rt, 'maria.sokolova@example.com');
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('imports 1,000 contacts with 50 duplicates, in the file and in the database, as exactly 950 new records', async () => {
    // 25 contacts the rep has already: 13 to be matched by phone, 12 by e-mail.
    const existing: Array<{ id: string }> = [];
    for (let i = 0; i < 25; i += 1) {
      const res = await rt.request<{ id: string }>('POST', '/api/records/contact', { body: { first_name: 'Был', last_name: `№${i}`, email: `known${i}@dup.test`, phone: phone(i, 'e164') }, token: rep.token });
      existing.push(res.body);
    }
    const lines = ['Имя,Фамилия,Эл. почта,Телефон,Регион'];
    const expectedSkips = new Map<number, { id: string } | { row: number }>();
    for (let i = 0; i < 1000; i += 1) {
      const row = i + 2;
      if (i < 25) {
        // Against the database: the phone in another notation, or the e-mail in upper case.
        const cells = i < 13 ? [`new-${i}@dup.test`, phone(i, 'ru')] : [`KNOWN${i}@DUP.TEST`, ''];
        lines.push(`Новый,Дубль${i},${cells[0]},"${cells[1]}",Москва`);
        expectedSkips.set(row, { id: existing[i]?.id ?? '' });
      } else if (i >= 975) {
        // Against an earlier row of this file: the phone spaced out, or the e-mail in another case.
        const earlier = i - 900;
        const cells = i % 2 === 0 ? [`twin-${i}@dup.test`, phone(1000 + earlier, 'spaced')] : [`Person${earlier}@Imp.Test`, ''];
        lines.push(`Повтор,Строки${i},${cells[0]},"${cells[1]}",spb`);
        expectedSkips.set(row, { row: earlier + 2 });
      } else {
        lines.push(`Имя${i},Фамилия${i},person${i}@imp.test,"${phone(1000 + i, i % 2 === 0 ? 'ru' : 'e164')}",${i % 3 === 0 ? 'Урал' : 'volga'}`);
      }
    }
    const before = await contactsOf(rep.id);
    const historyBefore = await countRows(rt, 'record_history', { entity: 'contact' });
    const res = await postCsv<ImportReport>(rt, '/api/import/contact', `${lines.join('\r\n')}\r\n`, rep.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 1000, accepted: 950, created: 950, updated: 0, skipped: 50, rejectedRows: 0, rejected: [], match: ['email', 'phone'] });
    expect(new Map(res.body.skippedRows.map((s) => [s.row, s.duplicateOf]))).toEqual(expectedSkips);
    expect(await contactsOf(rep.id)).toBe(before + 950);
    expect(await countRows(rt, 'record_history', { entity: 'contact' })).toBe(historyBefore + 950);

    // Phones are stored in E.164 and e-mails in lower case, whatever the file said.
    const stored: Array<{ phone: string | null; email: string }> = await rt.db.knex('rec_contact').select('phone', 'email').where({ email: 'person26@imp.test' });
    expect(stored).toEqual([{ phone: phone(1026, 'e164'), email: 'person26@imp.test' }]);
    const history: Array<{ actor_id: string; action: string }> = await rt.db.knex('record_history').select('actor_id', 'action').where({ entity: 'contact' }).orderBy('id', 'desc').limit(3);
    expect(history.every((h) => h.actor_id === rep.id && h.action === 'create')).toBe(true);

    // The same file once more, as a dry run refusing duplicates: every row is one now, nothing changes.
    const again = await postCsv<ImportReport>(rt, '/api/import/contact?duplicates=error&dryRun=1', `${lines.join('\n')}\n`, rep.token);
    expect(again.body).toMatchObject({ rows: 1000, created: 0, skipped: 0, rejectedRows: 1000, dryRun: true });
    expect(new Set(again.body.rejected.map((r) => r.code))).toEqual(new Set(['DUPLICATE']));
    expect(await contactsOf(rep.id)).toBe(before + 950);
    expect(await countRows(rt, 'record_history', { entity: 'contact' })).toBe(historyBefore + 950);
  });

  it("never matches a record the importer cannot read, and refuses a taken unique value without losing the batch", async () => {
    await rt.request('POST', '/api/records/contact', { body: { first_name: 'Чужой', last_name: 'Контакт', email: 'taken@other.test', phone: phone(5000, 'e164') }, token: other.token });
    const before = await countRows(rt, 'rec_contact');
    const csv = [
      'first_name,last_name,email,phone',
      `Свой,Первый,first@mine.test,"${phone(5000, 'ru')}"`,
      'Свой,Второй,TAKEN@other.test,',
      'Свой,Третий,third@mine.test,',
    ].join('\n');
    const res = await postCsv<ImportReport>(rt, '/api/import/contact', csv, rep.token);
    expect(res.status).toBe(200);
    // Row 2 shares a phone with the other rep's contact, which this rep cannot see: it is new to them.
    expect(res.body).toMatchObject({ created: 2, skipped: 0, rejectedRows: 1 });
    expect(res.body.rejected).toEqual([expect.objectContaining({ row: 3, field: 'email', code: 'UNIQUE' })]);
    expect(await countRows(rt, 'rec_contact')).toBe(before + 2);
    expect(await countRows(rt, 'rec_contact', { email: 'taken@other.test' })).toBe(1);
  });

  it("refuses fields a sales rep may not write, naming them, and a hidden field exactly like a missing one", async () => {
    const maria = other.id;
    const csv = [
      'title,amount,discount,owner',
      'Со скидкой,1000,5,',
      'Без скидки,1000,,',
      `Чужая,1000,,maria.sokolova@example.com`,
      `Своя,1000,,dmitry.petrov@example.com`,
    ].join('\n');
    const res = await postCsv<ImportReport>(rt, '/api/import/deal', csv, rep.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, rejectedRows: 2 });
    expect(res.body.rejected).toEqual([
      expect.objectContaining({ row: 2, field: 'discount', code: 'FIELD_NOT_WRITABLE' }),
      expect.objectContaining({ row: 4, field: 'owner', code: 'FIELD_NOT_WRITABLE' }),
    ]);
    expect(await countRows(rt, 'rec_deal', { title: 'Со скидкой' })).toBe(0);
    expect(await countRows(rt, 'rec_deal', { title: 'Чужая', owner: maria })).toBe(0);
    expect(await countRows(rt, 'rec_deal', { title: 'Своя', owner: rep.id })).toBe(1);

    const probes: Array<(name: string) => { path: string; csv: string }> = [
      (name) => ({ path: '/api/import/deal', csv: `title,amount,${name}\nA,1,2\n` }),
      (name) => ({ path: withQuery('/api/import/deal', { mapping: JSON.stringify({ Extra: name }) }), csv: 'title,amount,Extra\nA,1,2\n' }),
      (name) => ({ path: withQuery('/api/import/deal', { match: name }), csv: 'title,amount\nA,1\n' }),
    ];
    const deals = await countRows(rt, 'rec_deal');
    for (const probe of probes) {
      const hidden = probe('margin');
      const missing = probe('no_such');
      const a = await postCsv<ErrorBody>(rt, hidden.path, hidden.csv, rep.token);
      const b = await postCsv<ErrorBody>(rt, missing.path, missing.csv, rep.token);
      expect(a.status).toBe(400);
      expect(sameButName(a.body, 'margin')).toBe(sameButName(b.body, 'no_such'));
    }
    expect(await countRows(rt, 'rec_deal')).toBe(deals);
  });

  it('refuses bad rows one by one while the good ones of the batch go in, runs processes, and a refused row leaves no trace', async () => {
    const company = await rt.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'ООО «Импорт»' } });
    const missing = '00000000-0000-4000-8000-000000000001';
    const csv = [
      'title,amount,stage,company,close_date,lost_reason',
      'Импорт: малая,5000,Лид,,,',
      'Импорт: проигрыш без причины,7000,lost,,,',
      'Импорт: крупная,500000,lead,,,',
      'Импорт: много,много,lead,,,',
      `Импорт: нет компании,9000,lead,${missing},,`,
      `Импорт: договор,80000,Договор,${company.body.id},15.03.2027,`,
      'Импорт: проигрыш с причиной,6000,Проиграна,,,дорого',
    ].join('\n');
    const res = await postCsv<ImportReport>(rt, '/api/import/deal', csv, rt.adminToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 7, created: 4, rejectedRows: 3 });
    expect(res.body.rejected.map((r) => [r.row, r.field, r.code])).toEqual([
      [3, 'lost_reason', 'REQUIRED_FOR_STAGE'],
      [5, 'amount', 'INVALID_TYPE'],
      [6, 'company', 'INVALID_REFERENCE'],
    ]);
    for (const title of ['Импорт: проигрыш без причины', 'Импорт: много', 'Импорт: нет компании']) expect(await countRows(rt, 'rec_deal', { title })).toBe(0);

    const deals: Array<{ id: string; title: string; owner: string; stage: string; close_date: string | null }> = await rt.db
      .knex('rec_deal')
      .select('id', 'title', 'owner', 'stage', 'close_date')
      .where('title', 'like', 'Импорт:%');
    expect(deals.map((d) => d.title).sort()).toEqual(['Импорт: договор', 'Импорт: крупная', 'Импорт: малая', 'Импорт: проигрыш с причиной']);
    for (const deal of deals) expect(await countRows(rt, 'record_history', { record_id: deal.id })).toBeGreaterThanOrEqual(1);
    expect(deals.find((d) => d.title === 'Импорт: договор')).toMatchObject({ stage: 'contract', close_date: '2027-03-15' });

    // Before-save: route_big_deals gave the big deal to a senior manager, in its own run.
    const big = deals.find((d) => d.title === 'Импорт: крупная');
    const owner: { roles: string[] } | undefined = await rt.db.knex('users').where({ id: big?.owner }).first('roles');
    expect(owner?.roles).toContain('senior_manager');
    expect(await countRows(rt, 'process_runs', { process: 'route_big_deals', record_id: big?.id })).toBe(1);
    // After-save, through the outbox: the deal that entered "contract" started contract_stage_task.
    const contract = deals.find((d) => d.title === 'Импорт: договор');
    expect(await countRows(rt, 'process_runs', { process: 'contract_stage_task', record_id: contract?.id })).toBe(1);
  });

  it('updates records from a re-imported export (match by id), with history by the importer', async () => {
    const exported = await getText(rt, withQuery('/api/export/contact', { fields: 'id,first_name,last_name,position', filter: JSON.stringify({ field: 'last_name', op: 'startsWith', value: 'Фамилия1' }) }), rep.token);
    const records: string[][] = parse(exported.text, { bom: true });
    const [header = [], ...rows] = records;
    expect(rows.length).toBeGreaterThan(3);
    const [first, second] = rows;
    if (!first || !second) throw new Error('export too short');
    first[3] = 'Главный инженер';
    second[2] = 'Новая фамилия';
    const csv = [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\n');
    const res = await postCsv<ImportReport>(rt, '/api/import/contact?mode=upsert&match=id', csv, rep.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 0, updated: 2, unchanged: rows.length - 2, rejectedRows: 0 });
    const updated: { version: number; position: string } | undefined = await rt.db.knex('rec_contact').where({ id: first[0] }).first('version', 'position');
    expect(updated).toEqual({ version: 2, position: 'Главный инженер' });
    const entry: { action: string; actor_id: string; changes: unknown } | undefined = await rt.db.knex('record_history').where({ record_id: first[0], version: 2 }).first('action', 'actor_id', 'changes');
    expect(entry).toMatchObject({ action: 'update', actor_id: rep.id });
    expect(JSON.stringify(entry?.changes)).toContain('Главный инженер');
  });

  it('refuses a body that is not CSV, an empty file and unknown columns, and logs imports in the audit log', async () => {
    const json = await postCsv<ErrorBody>(rt, '/api/import/contact', '{"a":1}', rep.token, 'application/json');
    expect(json.status).toBe(415);
    const empty = await postCsv<ErrorBody>(rt, '/api/import/contact', '', rep.token);
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0]?.code).toBe('EMPTY_FILE');
    const unknown = await postCsv<ErrorBody>(rt, '/api/import/contact', 'first_name,Кто это,last_name,Что это\nA,B,C,D\n', rep.token);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((d) => d['column'])).toEqual(['Кто это', 'Что это']);

    const ok = await postCsv<ImportReport>(rt, '/api/import/contact', 'first_name;last_name\nАудит;Проверка\n', rep.token);
    expect(ok.body.created).toBe(1);
    const entry: { actor_id: string; details: Record<string, unknown> } | undefined = await rt.db.knex('audit_log').where({ action: 'data.import' }).orderBy('id', 'desc').first();
    expect(entry?.actor_id).toBe(rep.id);
    expect(entry?.details).toMatchObject({ entity: 'contact', rows: 1, created: 1, rejected: 0, dryRun: false });
  });
});
