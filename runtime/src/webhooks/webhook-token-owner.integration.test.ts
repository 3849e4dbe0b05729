import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { allowHosts, createRecord, deliveriesOf, drain, startReceiver, updateRecord, type CreatedSubscription, type Receiver } from './webhooks.test-support.js';

/*
 * A subscription made with an API token delivers only what that token could read (issue 11,
 * item 1): the token's roles are kept with the owner and narrow the owner's current roles at every
 * delivery, as they narrow the token's own requests. A subscription made in a session delivers
 * with its owner's roles as they are.
 */

describe.each(testDatabaseKinds())('webhook subscriptions made with an API token on %s', (kind) => {
  let rt: TestRuntime;
  let receiver: Receiver;
  let botId: string;
  let botToken: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    await allowHosts(rt, ['127.0.0.1']);
    const bot = await rt.request<{ id: string }>('POST', '/api/users', { body: { email: 'bot@example.com', name: 'Bot', roles: ['admin', 'sales_rep'] } });
    expect(bot.status).toBe(201);
    botId = bot.body.id;
    const token = await rt.request<{ token: string }>('POST', '/api/tokens', { body: { name: 'bot admin', user: botId, roles: ['admin'] } });
    expect(token.status).toBe(201);
    botToken = token.body.token;
  });
  afterAll(async () => {
    await rt?.close();
    await receiver?.close();
  });

  it("narrows the owner by the token's roles at delivery: once the bot is no admin, its admin token's subscription sends nothing", async () => {
    const body = { entity: 'deal', events: ['create', 'update'] };
    const viaToken = await rt.request<CreatedSubscription>('POST', '/api/webhooks', { token: botToken, body: { ...body, name: 'by token', url: receiver.url('/token') } });
    expect(viaToken.status).toBe(201);
    expect(viaToken.body.owner).toBe(botId);
    const viaSession = await rt.request<CreatedSubscription>('POST', '/api/webhooks', { body: { ...body, name: 'by session', url: receiver.url('/session'), owner: botId } });
    expect(viaSession.status).toBe(201);

    const deal = await createRecord(rt, 'deal', { title: 'Сделка бота', amount: 1000, margin: 20, stage: 'lead' }, botToken);
    expect(deal.owner).toBe(botId);
    // The bot stops being an admin; it still holds sales_rep, which reads its own deals.
    expect((await rt.request('PATCH', `/api/users/${botId}`, { body: { roles: ['sales_rep'] } })).status).toBe(200);
    await updateRecord(rt, 'deal', deal.id, { description: 'изменено' });
    await drain(rt);

    // The session's subscription delivers as the bot is now: a sales rep, own deal, no margin.
    expect(receiver.at('/session').length).toBe(2);
    expect(receiver.at('/session').some((r) => r.body.includes('"margin"'))).toBe(false);
    // The token's subscription may deliver only what an `admin` token of a non-admin reads: nothing.
    expect(receiver.at('/token')).toEqual([]);
    const skipped = await deliveriesOf(rt, viaToken.body.id);
    expect(skipped.map((d) => [d.status, d.error?.code])).toEqual([
      ['skipped', 'NOT_READABLE'],
      ['skipped', 'NOT_READABLE'],
    ]);
  });

  it('a session that names the owner again clears the token limit', async () => {
    const sub = await rt.request<CreatedSubscription>('POST', '/api/webhooks', {
      token: (await rt.request<{ token: string }>('POST', '/api/tokens', { body: { name: 'admin own', roles: ['admin'] } })).body.token,
      body: { name: 'admin by token', url: receiver.url('/admin'), entity: 'deal', events: ['update'] },
    });
    expect(sub.status).toBe(201);
    const limit = async (): Promise<string[] | null | undefined> => {
      const row: { owner_role_limit: string[] | null } | undefined = await rt.db.knex('webhook_subscriptions').where({ id: sub.body.id }).first('owner_role_limit');
      return row?.owner_role_limit;
    };
    expect(await limit()).toEqual(['admin']);
    expect((await rt.request('PATCH', `/api/webhooks/${sub.body.id}`, { body: { owner: sub.body.owner } })).status).toBe(200);
    expect(await limit()).toBeNull();
  });
});
