import { expect, vi } from 'vitest';
import type { MeResponse } from '@crm/schemas';
import { fetchNotifications } from '../api/notifications.api.js';
import { createRecord, updateRecord, type RecordData } from '../api/records.api.js';
import { fetchMe } from '../api/session.api.js';
import { fetchMyTasks, type HumanTask } from '../api/tasks.api.js';

/*
 * Data for the ui-integration specs, made through the UI's own api modules against the real runtime
 * the project's setup started (tests/support/ui-runtime.setup.ts, b2b-sales, workers running).
 */

/** The signed-in admin; also sets the CSRF token the api client sends with writes. */
/** The admin's password, for specs that sign out and back in (set by tests/support/ui-runtime.setup.ts). */
export function adminCredentials(): { email: string; password: string } {
  const password = process.env['CRM_UI_TEST_ADMIN_PASSWORD'];
  if (!password) throw new Error('the ui-integration setup did not say the admin password');
  return { email: 'admin@example.com', password };
}

export async function signedInAdmin(): Promise<MeResponse['user']> {
  const me = await fetchMe();
  if (!me) throw new Error('the ui-integration setup did not sign the admin in');
  return me.user;
}

/**
 * A deal the admin owns. b2b-sales hands a deal over 100 000 to a senior manager when its amount is
 * set (route_big_deals), so a big one is taken back afterwards, as a head of sales would.
 */
export async function ownDeal(ownerId: string, values: Record<string, unknown>): Promise<RecordData> {
  const created = await createRecord('deal', values);
  if (created.owner === ownerId) return created;
  return updateRecord('deal', created.id, { owner: ownerId }, created.version);
}

/**
 * A deal over 500 000 the admin owns, lost: b2b-sales' lost_deal_review then notifies its owner.
 * Resolves once the notification has arrived (the workers run the after-save process).
 */
export async function lostBigDeal(ownerId: string, title: string): Promise<RecordData> {
  const before = (await fetchNotifications()).length;
  const deal = await ownDeal(ownerId, { title, amount: 600_000, stage: 'lead' });
  const lost = await updateRecord('deal', deal.id, { stage: 'lost', lost_reason: 'Нет бюджета' }, deal.version);
  await vi.waitFor(async () => expect((await fetchNotifications()).length).toBeGreaterThan(before), { timeout: 20_000, interval: 100 });
  return lost;
}

/**
 * A deal the admin owns moved to the contract stage: b2b-sales' contract_stage_task then gives its
 * owner a task ("Prepare the contract"). Resolves with that task once the workers have made it.
 */
export async function contractTask(ownerId: string, title: string): Promise<HumanTask> {
  const company = await createRecord('company', { name: `${title}: заказчик` });
  const deal = await ownDeal(ownerId, { title, amount: 50_000, stage: 'proposal' });
  await updateRecord('deal', deal.id, { stage: 'contract', company: company.id, close_date: '2027-03-01' }, deal.version);
  let made: HumanTask | undefined;
  await vi.waitFor(
    async () => {
      made = (await fetchMyTasks()).find((t) => t.recordId === deal.id);
      expect(made).toBeDefined();
    },
    { timeout: 20_000, interval: 100 },
  );
  if (!made) throw new Error('no task');
  return made;
}
