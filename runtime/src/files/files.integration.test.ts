import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { createRecord, signInNewUser, type ErrorBody, type RecordBody } from '../records/records.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { filesTestApp } from './files.fixtures.js';
import { removeStaleUploads } from './stale-uploads.duty.js';

/*
 * Attachments over real HTTP on both databases: upload, attach on save, download by a reader, and
 * every refusal (no read on the record or the field, a token without the role, too large, wrong
 * type, someone else's key), each checked to leave the files table as it was.
 */

interface FileValue {
  name: string;
  size: number;
  mime: string;
  key: string;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR-not-a-real-image-but-signed')]);

describe.each(testDatabaseKinds())('file attachments on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };
  let dual: { id: string; token: string };
  let rep2: { id: string; token: string };
  let viewer: { id: string; token: string };
  let outsider: { id: string; token: string };

  async function upload(token: string, query: Record<string, string>, body: Buffer, type = 'application/octet-stream') {
    const res = await fetch(`${rt.baseUrl}/api/files?${new URLSearchParams(query).toString()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: JSON.parse(text) as FileValue & ErrorBody };
  }

  async function download(token: string, path: string) {
    const res = await fetch(rt.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  async function fileCount(): Promise<number> {
    const row: { count?: unknown } | undefined = await rt.db.knex('files').count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  const filePath = (record: RecordBody, field: string, key: string) => `/api/records/deal/${record.id}/files/${field}/${key}`;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: filesTestApp() });
    rep = await signInNewUser(rt, `rep-${kind}@files.test`, 'Rep', { roles: ['rep'] });
    dual = await signInNewUser(rt, `dual-${kind}@files.test`, 'Rep and viewer', { roles: ['rep', 'viewer'] });
    rep2 = await signInNewUser(rt, `rep2-${kind}@files.test`, 'Rep Two', { roles: ['rep'] });
    viewer = await signInNewUser(rt, `viewer-${kind}@files.test`, 'Viewer', { roles: ['viewer'] });
    outsider = await signInNewUser(rt, `outsider-${kind}@files.test`, 'Outsider', { roles: ['outsider'] });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('uploads, attaches on create and lets a reader download the same bytes; the record keeps the stored name, size and type', async () => {
    const up = await upload(rep.token, { entity: 'deal', field: 'contract', name: 'offer.pdf' }, PDF, 'application/pdf');
    expect(up.status).toBe(201);
    expect(up.body).toEqual({ name: 'offer.pdf', size: PDF.length, mime: 'application/pdf', key: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const stored = await rt.db.knex('files').where({ key: up.body.key }).first<{ created_by: string; entity: string; field: string; sha256: string; attached_at: Date | null }>();
    expect(stored).toMatchObject({ created_by: rep.id, entity: 'deal', field: 'contract', attached_at: null });
    expect(stored?.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The client lies about the size and the name: the stored upload's facts win.
    const deal = await createRecord(rt, 'deal', { title: 'Attach', contract: { ...up.body, size: 1, name: 'renamed.exe' } }, rep.token);
    expect(deal['contract']).toEqual({ name: 'offer.pdf', size: PDF.length, mime: 'application/pdf', key: up.body.key });
    const attached = await rt.db.knex('files').where({ key: up.body.key }).first<{ attached_at: Date | null }>();
    expect(attached?.attached_at).not.toBeNull();

    const got = await download(viewer.token, filePath(deal, 'contract', up.body.key));
    expect(got.status).toBe(200);
    expect(got.bytes.equals(PDF)).toBe(true);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toMatch(/^inline; filename="?offer\.pdf"?$/);
  });

  it('keeps a Cyrillic file name through upload, record and download (RFC 5987 header)', async () => {
    const name = 'Договор поставки №7.pdf';
    const up = await upload(rep.token, { entity: 'deal', field: 'contract', name }, PDF, 'application/pdf');
    expect(up.status).toBe(201);
    expect(up.body.name).toBe(name);
    const deal = await createRecord(rt, 'deal', { title: 'Кириллица', contract: up.body }, rep.token);
    const read = await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`, { token: viewer.token });
    expect(read.body['contract']).toMatchObject({ name });
    const got = await download(viewer.token, filePath(deal, 'contract', up.body.key));
    const disposition = got.headers.get('content-disposition') ?? '';
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '';
    expect(decodeURIComponent(encoded)).toBe(name);
  });

  it('refuses a download to whoever cannot read the record or the field, with the answer of a missing file', async () => {
    const up = await upload(rep.token, { entity: 'deal', field: 'photos', name: 'site.png' }, PNG, 'image/png');
    expect(up.status).toBe(201);
    const deal = await createRecord(rt, 'deal', { title: 'Private', photos: [up.body] }, rep.token);
    const path = filePath(deal, 'photos', up.body.key);
    expect((await download(rep.token, path)).status).toBe(200);
    const missing = await download(outsider.token, filePath(deal, 'photos', '00000000-0000-4000-8000-000000000000'));
    expect(missing.status).toBe(404);
    // rep2 may read only their own deals; the outsider no deal at all.
    for (const token of [rep2.token, outsider.token]) {
      const res = await download(token, path);
      expect(res.status).toBe(404);
      expect(res.bytes.toString()).toBe(missing.bytes.toString());
    }
    // The key must be in the record's field: the same key under another field or record is refused.
    expect((await download(rep.token, filePath(deal, 'contract', up.body.key))).status).toBe(404);

    // The memo is hidden from reps: the admin attaches one, the rep (who reads the deal) cannot fetch it.
    const memo = await upload(rt.adminToken, { entity: 'deal', field: 'memo', name: 'memo.txt' }, Buffer.from('board only'), 'text/plain');
    expect(memo.status).toBe(201);
    const patched = await rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { memo: memo.body } });
    expect(patched.status).toBe(200);
    const memoPath = filePath(deal, 'memo', memo.body.key);
    expect((await download(rt.adminToken, memoPath)).status).toBe(200);
    expect((await download(rep.token, memoPath)).status).toBe(404);
    // Not shown in place, and sandboxed: text is downloaded as an attachment.
    const adminGot = await download(rt.adminToken, memoPath);
    expect(adminGot.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(adminGot.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('refuses uploads to callers who may not write the field, API tokens included, storing nothing', async () => {
    const before = await fileCount();
    const viewerUp = await upload(viewer.token, { entity: 'deal', field: 'contract', name: 'a.pdf' }, PDF, 'application/pdf');
    expect(viewerUp.status).toBe(403);
    expect(viewerUp.body.error.details[0]).toMatchObject({ field: 'contract', code: 'FIELD_NOT_WRITABLE' });
    expect(viewerUp.body.error.details[0]?.['message_ru']).toContain('«Договор»');
    const hidden = await upload(rep.token, { entity: 'deal', field: 'memo', name: 'a.pdf' }, PDF, 'application/pdf');
    const unknown = await upload(rep.token, { entity: 'deal', field: 'nosuch', name: 'a.pdf' }, PDF, 'application/pdf');
    expect(hidden.status).toBe(400);
    expect(JSON.stringify(hidden.body).split('memo').join('X')).toBe(JSON.stringify(unknown.body).split('nosuch').join('X'));
    expect((await upload(outsider.token, { entity: 'deal', field: 'contract', name: 'a.pdf' }, PDF, 'application/pdf')).status).toBe(400);

    // A token of a person with both roles, limited to the viewer role, may read but not upload; one with the rep role may.
    const readOnly = await rt.request<{ token: string }>('POST', '/api/tokens', { body: { name: 'read only', user: dual.id, roles: ['viewer'] } });
    const writing = await rt.request<{ token: string }>('POST', '/api/tokens', { body: { name: 'writing', user: dual.id, roles: ['rep'] } });
    expect(readOnly.status).toBe(201);
    const tokenUp = await upload(readOnly.body.token, { entity: 'deal', field: 'contract', name: 'a.pdf' }, PDF, 'application/pdf');
    expect(tokenUp.status).toBe(403);
    expect(await fileCount()).toBe(before);
    const allowed = await upload(writing.body.token, { entity: 'deal', field: 'contract', name: 'a.pdf' }, PDF, 'application/pdf');
    expect(allowed.status).toBe(201);

    // A session cookie without the CSRF token is no caller for a write.
    const cookieUp = await fetch(`${rt.baseUrl}/api/files?entity=deal&field=contract&name=a.pdf`, {
      method: 'POST',
      headers: { cookie: `crm_session=${rep.token}`, 'content-type': 'application/pdf' },
      body: PDF,
    });
    expect(cookieUp.status).toBe(403);
    expect(((await cookieUp.json()) as ErrorBody).error.code).toBe('CSRF_TOKEN_INVALID');
    expect(await fileCount()).toBe(before + 1);
  });

  it('refuses a file over the field limit (413) or of a type the field does not take (415), in ru and en, storing nothing', async () => {
    const before = await fileCount();
    const big = Buffer.concat([PDF, Buffer.alloc(11_000, 0x20)]);
    const tooBig = await upload(rep.token, { entity: 'deal', field: 'contract', name: 'big.pdf' }, big, 'application/pdf');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.details[0]).toMatchObject({
      field: 'contract',
      code: 'FILE_TOO_LARGE',
      message: '«Contract»: the file is larger than 0.01 MB, the most this field takes.',
      message_ru: '«Договор»: файл больше 0,01 МБ — больше это поле не принимает.',
    });
    const text = await upload(rep.token, { entity: 'deal', field: 'contract', name: 'notes.txt' }, Buffer.from('hello'), 'text/plain');
    expect(text.status).toBe(415);
    expect(text.body.error.details[0]).toMatchObject({ field: 'contract', code: 'FILE_TYPE_NOT_ACCEPTED', message_ru: '«Договор» принимает только такие файлы: .pdf, image/*.' });
    // Calling an HTML page a PNG does not make it one: the bytes decide.
    const disguised = await upload(rep.token, { entity: 'deal', field: 'photos', name: 'cat.png' }, Buffer.from('<html><script>alert(1)</script></html>'), 'image/png');
    expect(disguised.status).toBe(415);
    expect(disguised.body.error.details[0]).toMatchObject({ mime: 'text/html' });
    const empty = await upload(rep.token, { entity: 'deal', field: 'contract', name: 'x.pdf' }, Buffer.alloc(0), 'application/pdf');
    expect(empty.status).toBe(422);
    expect(empty.body.error.details[0]).toMatchObject({ field: 'contract', code: 'FILE_EMPTY' });
    expect(await fileCount()).toBe(before);
  });

  it('refuses on save a key uploaded by someone else, for another field, or unknown (422 naming the field), and writes nothing', async () => {
    const theirs = await upload(rep2.token, { entity: 'deal', field: 'contract', name: 'theirs.pdf' }, PDF, 'application/pdf');
    const otherField = await upload(rep.token, { entity: 'deal', field: 'photos', name: 'p.png' }, PNG, 'image/png');
    const mine = await upload(rep.token, { entity: 'deal', field: 'contract', name: 'mine.pdf' }, PDF, 'application/pdf');
    const unknownKey = { ...mine.body, key: '00000000-0000-4000-8000-000000000000' };
    const count = async () => Number((await rt.db.knex('rec_deal').count({ count: '*' }).first<{ count: unknown }>())?.count ?? 0);
    const deals = await count();
    for (const value of [theirs.body, { ...otherField.body, name: 'p.pdf' }, unknownKey]) {
      const res = await rt.request<ErrorBody>('POST', '/api/records/deal', { body: { title: 'Steal', contract: value }, token: rep.token });
      expect(res.status).toBe(422);
      expect(res.body.error.details[0]).toMatchObject({ field: 'contract', code: 'FILE_NOT_ATTACHABLE' });
    }
    expect(await count()).toBe(deals);
    const untouched = await rt.db.knex('files').where({ key: theirs.body.key }).first<{ attached_at: Date | null }>();
    expect(untouched?.attached_at).toBeNull();

    // On update too; the keys a record already holds stay acceptable to anyone who may update it.
    const deal = await createRecord(rt, 'deal', { title: 'Mine', contract: mine.body }, rep.token);
    const refused = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { contract: theirs.body }, token: rep.token });
    expect(refused.status).toBe(422);
    const kept = await rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { title: 'Mine, renamed', contract: mine.body } });
    expect(kept.status).toBe(200);
  });

  it('lets the uploader alone preview an upload not yet attached', async () => {
    const up = await upload(rep.token, { entity: 'deal', field: 'photos', name: 'preview.png' }, PNG, 'image/png');
    const own = await download(rep.token, `/api/files/${up.body.key}`);
    expect(own.status).toBe(200);
    expect(own.bytes.equals(PNG)).toBe(true);
    expect(own.headers.get('content-disposition')).toMatch(/^inline/);
    expect((await download(rep2.token, `/api/files/${up.body.key}`)).status).toBe(404);
    expect((await download(rt.adminToken, `/api/files/${up.body.key}`)).status).toBe(404);
  });

  it('takes a .json file as its bytes, not as a request body to parse', async () => {
    const json = Buffer.from('{"a": 1}');
    const up = await upload(rep.token, { entity: 'deal', field: 'photos', name: 'data.json' }, json, 'application/json');
    // Not an image: refused by type, which proves the bytes reached the endpoint.
    expect(up.status).toBe(415);
    expect(up.body.error.details[0]).toMatchObject({ mime: 'application/json' });
  });

  it('removes uploads left unattached for over a day, and keeps attached ones', async () => {
    const stale = await upload(rep.token, { entity: 'deal', field: 'contract', name: 'stale.pdf' }, PDF, 'application/pdf');
    const fresh = await upload(rep.token, { entity: 'deal', field: 'contract', name: 'fresh.pdf' }, PDF, 'application/pdf');
    const kept = await upload(rep.token, { entity: 'deal', field: 'contract', name: 'kept.pdf' }, PDF, 'application/pdf');
    await createRecord(rt, 'deal', { title: 'Keeps', contract: kept.body }, rep.token);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await rt.db.knex('files').whereIn('key', [stale.body.key, kept.body.key]).update({ created_at: twoDaysAgo });
    expect(await removeStaleUploads(rt.db.knex)).toBeGreaterThanOrEqual(1);
    const left = (await rt.db.knex('files').whereIn('key', [stale.body.key, fresh.body.key, kept.body.key]).select<{ key: string }[]>('key')).map((r) => r.key);
    expect(left.sort()).toEqual([fresh.body.key, kept.body.key].sort());
  });
});
