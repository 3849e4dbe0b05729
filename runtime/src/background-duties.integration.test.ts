import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { testDatabaseKinds } from './db/test-database.js';
import { salesApp } from './definitions/app-definition.fixtures.js';
import { startTestRuntime, type TestRuntime } from './testing/test-runtime.js';
import { allowHosts, createRecord, startReceiver, subscribe, type Receiver } from './webhooks/webhooks.test-support.js';

/*
 * The composition root builds the background duties for main.ts and the test runtime alike: a test
 * runtime with workers sends webhooks and delivers mail on its own, with no duty called by the test.
 */

interface MailboxEntry {
  subject: string;
  status: string;
  transport: string | null;
}

function appWithMailProcess(): App {
  const app = salesApp();
  app.processes = [
    {
      name: 'mail_on_new_deal',
      trigger: { type: 'record', entity: 'deal', on: ['create'] },
      nodes: [{ id: 'mail', type: 'email', position: { x: 200, y: 0 }, config: { to: ['client@example.com'], subject: 'New deal {{record.title}}', body: 'Amount: {{record.amount}}' } }],
      edges: [{ from: 'trigger', to: 'mail' }],
    },
  ];
  return app;
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(testDatabaseKinds())('background duties of a test runtime on %s', (kind) => {
  let rt: TestRuntime;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    rt = await startTestRuntime(kind, { app: appWithMailProcess(), workers: { pollMs: 100 } });
    await allowHosts(rt, ['127.0.0.1']);
  });
  afterAll(async () => {
    await rt?.close();
    await receiver?.close();
  });

  it('delivers a webhook to a loopback receiver and a mail to the local mailbox without a manual duty call', async () => {
    await subscribe(rt, { name: 'ERP', url: receiver.url('/erp'), entity: 'deal', events: ['create'] });
    const deal = await createRecord(rt, 'deal', { title: 'Racks', amount: 700 });

    const sent = await until('the webhook', async () => receiver.at('/erp').find((r) => r.body.includes(deal.id)) ?? null);
    expect(JSON.parse(sent.body)).toMatchObject({ event: 'create', entity: 'deal' });

    const mail = await until('the delivered mail', async () => {
      const box = await rt.request<{ data: MailboxEntry[] }>('GET', '/api/mailbox');
      return box.body.data.find((m) => m.subject === 'New deal Racks' && m.status === 'delivered') ?? null;
    });
    expect(mail.transport).toBe('local');
  });
});
