import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * Telephony over real HTTP on the b2b-sales template, as a PBX and a person use it: call events
 * land on the matched contact's timeline, an unknown number becomes a contact (b2b-sales has no
 * lead entity), a missed call gives the contact's owner a call-back task, a wrong secret and a
 * repeat write nothing, and click-to-call reaches a loopback PBX only once an admin allows it.
 * Admins edit the config (errors name the config field), rotate the secret (the old one is refused
 * at once) and delete an integration (its events refused, the calls on timelines kept).
 */

interface Outcome {
  duplicate: boolean;
  matched: { entity: string; id: string } | null;
  createdRecord: boolean;
  activityId: string | null;
  taskId: string | null;
}

interface ErrorBody {
  error: { code: string; details: Array<{ field: string; code: string }> };
}

const CONFIG = {
  match: [
    { entity: 'contact', phoneFields: ['phone'], activityLink: 'contact', taskLink: 'contact' },
    { entity: 'company', phoneFields: ['phone'] },
  ],
  create: { entity: 'contact', phoneField: 'phone', values: { first_name: 'Новый', last_name: 'звонок {{number}}' } },
  activity: { entity: 'activity', values: { kind: 'call', subject: 'Звонок {{from}} → {{to}} ({{event}})', notes: '{{duration}} с; запись: {{recordingUrl}}', done: 'true' } },
  task: { entity: 'task', assigneeField: 'assignee', values: { title: 'Перезвонить {{number}}', priority: 'high' } },
};

describe.each(testDatabaseKinds())('telephony on %s', (kind) => {
  let rt: TestRuntime;
  let adminId: string;
  let repId: string;
  let secret: string;
  let contactId: string;
  let pbx: Server;
  let pbxUrl: string;
  const pbxCalls: unknown[] = [];

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    adminId = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
    repId = (await rt.request<{ id: string }>('POST', '/api/users', { body: { email: 'phone.rep@example.com', name: 'Rep', password: 'rep-password-123456', roles: ['sales_rep'] } })).body.id;
    pbx = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        pbxCalls.push(JSON.parse(text));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
    pbxUrl = `http://127.0.0.1:${(pbx.address() as AddressInfo).port}/call`;
    const created = await rt.request<{ secret: string }>('POST', '/api/telephony/integrations', { body: { name: 'office', config: { ...CONFIG, clickToCallUrl: pbxUrl } } });
    expect(created.status).toBe(201);
    secret = created.body.secret;
    for (const [userId, extension] of [[repId, '101'], [adminId, '100']] as const) {
      expect((await rt.request('PUT', `/api/telephony/integrations/office/extensions/${userId}`, { body: { extension } })).status).toBe(200);
    }
    const contact = await rt.request<{ id: string }>('POST', '/api/records/contact', { body: { first_name: 'Ольга', last_name: 'Звонкова', phone: '+7 916 555-01-02' } });
    contactId = contact.body.id;
  });
  afterAll(async () => {
    await rt?.close();
    await new Promise((resolve) => pbx?.close(resolve));
  });

  async function count(table: string): Promise<number> {
    const row: { count?: unknown } | undefined = await rt.db.knex(table).count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }
  const written = async () => ({ events: await count('telephony_call_events'), activities: await count('rec_activity'), tasks: await count('rec_task'), contacts: await count('rec_contact') });

  function event(body: Record<string, unknown>, key: string | null = secret) {
    return rt.request<Outcome & ErrorBody>('POST', '/api/telephony/office/events', { body, token: null, headers: key ? { authorization: `Bearer ${key}` } : {} });
  }

  it('shows the secret once and keeps only its hash', async () => {
    const row = (await rt.db.knex('telephony_integrations').where({ name: 'office' }).first()) as { secret_hash: string };
    expect(row.secret_hash).not.toContain(secret);
    const list = await rt.request<{ data: Array<Record<string, unknown>> }>('GET', '/api/telephony/integrations');
    expect(JSON.stringify(list.body)).not.toContain(secret);
  });

  it('puts a finished call on the matched contact’s timeline, whichever way the PBX spells the number', async () => {
    expect((await event({ callId: 'c1', event: 'started', from: '89165550102', to: '101' })).body.activityId).toBeNull();
    const ended = await event({ callId: 'c1', event: 'ended', from: '89165550102', to: '101', duration: 75, recordingUrl: 'https://pbx.example.com/rec/c1.mp3' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(201);
    expect(ended.body).toMatchObject({ duplicate: false, matched: { entity: 'contact', id: contactId }, createdRecord: false, taskId: null });
    const activity = await rt.request<Record<string, unknown>>('GET', `/api/records/activity/${ended.body.activityId}`);
    expect(activity.body).toMatchObject({ kind: 'call', contact: contactId, subject: 'Звонок 89165550102 → 101 (ended)', notes: '75 с; запись: https://pbx.example.com/rec/c1.mp3' });
    // Written through the records service: history names the integration's process.
    const history = (await rt.db.knex('record_history').where({ entity: 'activity', record_id: ended.body.activityId })) as Array<{ action: string; process: string | null }>;
    expect(history.map((h) => [h.action, h.process])).toEqual([['create', 'telephony:office']]);
    // The timeline reads the call behind the activity: direction, result, talk time, recording.
    const call = await rt.request<{ call: unknown }>('GET', `/api/telephony/calls/${ended.body.activityId}`);
    expect(call.body.call).toEqual({ direction: 'in', result: 'answered', duration: 75, recordingUrl: 'https://pbx.example.com/rec/c1.mp3', from: '89165550102', to: '101' });
    expect((await rt.request<{ call: unknown }>('GET', `/api/telephony/calls/${contactId}`)).body.call).toBeNull();
  });

  it('does not write a repeated event twice', async () => {
    const before = await written();
    const again = await event({ callId: 'c1', event: 'ended', from: '89165550102', to: '101', duration: 75 });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(await written()).toEqual(before);
  });

  it('creates a contact for an unknown number and gives the missed call’s owner a call-back task', async () => {
    const missed = await event({ callId: 'c2', event: 'missed', from: '+7 (903) 777-66-55', to: '101' });
    expect(missed.status, JSON.stringify(missed.body)).toBe(201);
    expect(missed.body.createdRecord).toBe(true);
    const created = await rt.request<Record<string, unknown>>('GET', `/api/records/contact/${missed.body.matched?.id}`);
    // The extension that rang belongs to the rep: the new contact is theirs, and so is the task.
    expect(created.body).toMatchObject({ phone: '+79037776655', first_name: 'Новый', owner: repId });
    const task = await rt.request<Record<string, unknown>>('GET', `/api/records/task/${missed.body.taskId}`);
    expect(task.body).toMatchObject({ title: 'Перезвонить +79037776655', assignee: repId, contact: missed.body.matched?.id });
  });

  it('assigns a missed call from a known contact to the contact’s owner, not to whoever’s phone rang', async () => {
    const missed = await event({ callId: 'c3', event: 'missed', from: '9165550102', to: '101' });
    expect(missed.body.matched?.id).toBe(contactId);
    const task = await rt.request<Record<string, unknown>>('GET', `/api/records/task/${missed.body.taskId}`);
    expect(task.body).toMatchObject({ assignee: adminId, contact: contactId });
  });

  it('matches the oldest record with the number, and the same one of records made together every time', async () => {
    const make = async (last: string) => {
      const res = await rt.request<{ id: string }>('POST', '/api/records/contact', { body: { first_name: 'Дубль', last_name: last, phone: '+7 916 555-09-09' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id;
    };
    const made = [await make('первый'), await make('второй')];
    const twin = made[0]! < made[1]! ? made[0]! : made[1]!;
    const other = twin === made[0] ? made[1]! : made[0]!;
    const later = await make('третий');
    // Both made at the same moment. The expected one is written last, so its row lies after the
    // other's: the row order alone would pick `other`, only the id decides for `twin`.
    const together = new Date('2026-01-05T10:00:00Z');
    await rt.db.knex('rec_contact').where({ id: other }).update({ created_at: together });
    await rt.db.knex('rec_contact').where({ id: twin }).update({ created_at: together });
    await rt.db.knex('rec_contact').where({ id: later }).update({ created_at: new Date('2026-01-06T10:00:00Z') });
    for (const callId of ['twin-1', 'twin-2']) {
      const ended = await event({ callId, event: 'ended', from: '89165550909', to: '101', duration: 5 });
      expect(ended.status, JSON.stringify(ended.body)).toBe(201);
      expect(ended.body.matched?.id).toBe(twin);
    }
  });

  it('answers 401 to a wrong or missing secret and to an unknown integration, writing nothing', async () => {
    const before = await written();
    for (const res of [await event({ callId: 'x1', event: 'missed', from: '89990001122', to: '101' }, 'crm_pbx_wrong'), await event({ callId: 'x2', event: 'missed', from: '89990001122', to: '101' }, null)]) {
      expect(res.status).toBe(401);
      expect(res.body.error.details[0]?.code).toBe('BAD_TELEPHONY_SECRET');
    }
    const unknown = await rt.request<ErrorBody>('POST', '/api/telephony/nope/events', { body: { callId: 'x3', event: 'missed', from: '1', to: '2' }, token: null, headers: { authorization: `Bearer ${secret}` } });
    expect(unknown.status).toBe(401);
    const invalid = await event({ callId: 'x4', event: 'hung-up', from: '89990001122' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d) => d.field).sort()).toEqual(['event', 'to']);
    expect(await written()).toEqual(before);
  });

  it('refuses a misconfigured integration with the offending field named', async () => {
    const res = await rt.request<ErrorBody>('POST', '/api/telephony/integrations', { body: { name: 'broken', config: { ...CONFIG, activity: { entity: 'activity', values: { colour: 'red' } } } } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'config.activity', code: 'INVALID_TELEPHONY_CONFIG' });
  });

  it('click-to-call refuses the loopback PBX until an admin allows it, then asks it to connect my extension', async () => {
    const refused = await rt.request<ErrorBody>('POST', '/api/telephony/click-to-call', { body: { entity: 'contact', recordId: contactId } });
    expect(refused.status).toBe(502);
    expect(refused.body.error.details[0]?.code).toBe('BLOCKED_ADDRESS');
    expect(pbxCalls).toHaveLength(0);
    expect((await rt.request('PUT', '/api/settings/outbound', { body: { allowHosts: ['127.0.0.1'] } })).status).toBe(200);
    const placed = await rt.request<{ number: string; extension: string }>('POST', '/api/telephony/click-to-call', { body: { entity: 'contact', recordId: contactId } });
    expect(placed.status).toBe(202);
    expect(placed.body).toMatchObject({ number: '+79165550102', extension: '100' });
    expect(pbxCalls).toEqual([{ extension: '100', number: '+79165550102', integration: 'office' }]);
  });

  it('tells a person whether they can call: the click-to-call integration and their extension', async () => {
    expect((await rt.request('GET', '/api/telephony/my-line')).body).toEqual({ integration: 'office', extension: '100' });
    const extensions = await rt.request<{ data: Array<{ userId: string; extension: string }> }>('GET', '/api/telephony/integrations/office/extensions');
    expect(extensions.body.data).toEqual([
      { userId: adminId, extension: '100' },
      { userId: repId, extension: '101' },
    ]);
    expect((await rt.request('DELETE', `/api/telephony/integrations/office/extensions/${repId}`)).status).toBe(204);
    expect((await rt.request<{ data: unknown[] }>('GET', '/api/telephony/integrations/office/extensions')).body.data).toHaveLength(1);
    expect((await rt.request('PUT', `/api/telephony/integrations/office/extensions/${repId}`, { body: { extension: '101' } })).status).toBe(200);
  });

  it('edits the config, refusing a wrong one with the config field named and keeping the old', async () => {
    const wrong = await rt.request<ErrorBody>('PUT', '/api/telephony/integrations/office', { body: { config: { ...CONFIG, match: [{ entity: 'nothing', phoneFields: ['phone'] }] } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]).toMatchObject({ field: 'config.match[0].entity', code: 'INVALID_TELEPHONY_CONFIG' });
    const edited = await rt.request<{ integration: { config: { task: unknown; clickToCallUrl: string } } }>('PUT', '/api/telephony/integrations/office', { body: { config: { ...CONFIG, task: null, clickToCallUrl: pbxUrl } } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.integration.config).toMatchObject({ task: null, clickToCallUrl: pbxUrl });
    // The edit is in force: a missed call no longer makes a task.
    const missed = await event({ callId: 'e1', event: 'missed', from: '89165550102', to: '101' });
    expect(missed.body).toMatchObject({ matched: { id: contactId }, taskId: null });
    const unknown = await rt.request<ErrorBody>('PUT', '/api/telephony/integrations/nope', { body: { config: CONFIG } });
    expect(unknown.status).toBe(404);
  });

  it('rotates the secret: the new one is shown once and works, the old one is refused at once', async () => {
    const rotated = await rt.request<{ secret: string; integration: { secretRotatedAt: string | null } }>('POST', '/api/telephony/integrations/office/secret');
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.integration.secretRotatedAt).not.toBeNull();
    const old = await event({ callId: 'r1', event: 'ended', from: '89165550102', to: '101', duration: 5 });
    expect(old.status).toBe(401);
    secret = rotated.body.secret;
    expect((await event({ callId: 'r1', event: 'ended', from: '89165550102', to: '101', duration: 5 })).status).toBe(201);
    expect(JSON.stringify((await rt.request('GET', '/api/telephony/integrations')).body)).not.toContain(secret);
  });

  it('refuses the admin endpoints to a non-admin', async () => {
    const token = (await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email: 'phone.rep@example.com', password: 'rep-password-123456' }, token: null })).body.token;
    for (const [method, path] of [['PUT', '/api/telephony/integrations/office'], ['POST', '/api/telephony/integrations/office/secret'], ['DELETE', '/api/telephony/integrations/office']] as const) {
      expect((await rt.request(method, path, { body: { config: CONFIG }, token })).status).toBe(403);
    }
    // A rep still learns their own line.
    expect((await rt.request('GET', '/api/telephony/my-line', { token })).body).toEqual({ integration: 'office', extension: '101' });
  });

  it('deletes an integration: its events are refused, the calls already on timelines stay, the name is free again', async () => {
    const activities = await count('rec_activity');
    expect((await rt.request('DELETE', '/api/telephony/integrations/office')).status).toBe(204);
    const refused = await event({ callId: 'd1', event: 'ended', from: '89165550102', to: '101' });
    expect(refused.status).toBe(401);
    expect(await count('rec_activity')).toBe(activities);
    expect(await count('telephony_call_events')).toBeGreaterThan(0);
    expect((await rt.request<{ data: unknown[] }>('GET', '/api/telephony/integrations')).body.data).toEqual([]);
    expect((await rt.request('GET', '/api/telephony/my-line')).body).toEqual({ integration: null, extension: null });
    expect((await rt.request('POST', '/api/telephony/integrations', { body: { name: 'office', config: CONFIG } })).status).toBe(201);
  });
});
