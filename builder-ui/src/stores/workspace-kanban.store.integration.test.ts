import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchFunnel } from '../api/kanban.api.js';
import { createRecord, getRecord, updateRecord } from '../api/records.api.js';
import { signedInAdmin } from './ui-runtime.fixture.js';
import { useWorkspaceKanbanStore } from './workspace-kanban.store.js';

/*
 * The deal board against a real runtime with b2b-sales (lead -> qualified -> proposal -> contract;
 * the contract stage needs a company and a close date). A board drawn from the funnel report when the
 * definition cannot be read, and the server's REQUIRED_FOR_STAGE answer, are covered by
 * kanban-board.mapping.test.ts (boardFromFunnel) and kanban-move.rules.test.ts (refusalOf).
 */

describe('the kanban store', () => {
  beforeAll(async () => {
    await signedInAdmin();
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('loads a column per stage with its first cards and the totals over every readable record', async () => {
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    expect(kanban.board?.fromDefinition).toBe(true);
    expect(kanban.board?.stages.map((s) => s.name)).toEqual(['lead', 'qualified', 'proposal', 'contract', 'won', 'lost']);
    const lead = (await fetchFunnel('deal', 'sales')).stages.find((s) => s.name === 'lead');
    expect(kanban.columns['lead']).toMatchObject({ count: lead?.count, amount: lead?.amount });
    expect(kanban.columns['lead']?.cards.length).toBe(lead?.count);
    expect(kanban.columns['lead']?.cards.every((c) => c['stage'] === 'lead')).toBe(true);
    // The admin's own process list, as the server marks it: "Process…" on a card offers the startable ones, with their start forms.
    const startable = kanban.processes.filter((p) => p.startable && p.entity === 'deal');
    expect(startable.map((p) => p.name).sort()).toEqual(['ask_colleague', 'qualify_deal']);
    expect(startable.find((p) => p.name === 'ask_colleague')?.inputs?.map((i) => i.name)).toEqual(['colleague', 'request', 'urgency', 'urgency_reason']);
  });

  it('moves a card at once, sends the stage, and keeps the server\u2019s copy', async () => {
    const deal = await createRecord('deal', { title: 'Карточка', amount: 1000, stage: 'lead' });
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    const leads = kanban.columns['lead']?.count ?? 0;
    await expect(kanban.applyMove(deal.id, 'qualified', 'ru')).resolves.toBe('moved');
    expect(kanban.columns['qualified']?.cards[0]).toMatchObject({ id: deal.id, version: deal.version + 1 });
    expect(kanban.columns['lead']?.cards.map((c) => c.id)).not.toContain(deal.id);
    expect(kanban.columns['lead']?.count).toBe(leads - 1);
    expect(kanban.lastMove?.toStage).toBe('qualified');
    expect(await getRecord('deal', deal.id)).toMatchObject({ stage: 'qualified' });
  });

  it('holds a move whose stage needs fields until they are given, then sends them with the stage', async () => {
    const company = await createRecord('company', { name: 'ООО «Договор»' });
    const deal = await createRecord('deal', { title: 'К договору', amount: 7000, stage: 'proposal' });
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    await expect(kanban.applyMove(deal.id, 'contract', 'ru')).resolves.toBe('needs-fields');
    expect(kanban.pendingMove).toEqual({ cardId: deal.id, toStage: 'contract', fields: ['company', 'close_date'] });
    expect(await getRecord('deal', deal.id)).toMatchObject({ version: deal.version, stage: 'proposal' });
    await expect(kanban.applyMove(deal.id, 'contract', 'ru', { company: company.id, close_date: '2027-02-01' })).resolves.toBe('moved');
    expect(kanban.pendingMove).toBeNull();
    expect(await getRecord('deal', deal.id)).toMatchObject({ stage: 'contract', company: company.id, close_date: '2027-02-01' });
  });

  it('refuses a transition the pipeline does not allow, with the reason on the card', async () => {
    const deal = await createRecord('deal', { title: 'Сразу в договор', amount: 1000, stage: 'lead' });
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    await expect(kanban.applyMove(deal.id, 'contract', 'ru')).resolves.toBe('refused');
    expect(kanban.problems[deal.id]).toMatchObject({ kind: 'transition', to: { ru: 'Договор' } });
    expect(await getRecord('deal', deal.id)).toMatchObject({ version: deal.version, stage: 'lead' });
  });

  it('puts the card back with the server\u2019s reason when the server refuses', async () => {
    const deal = await createRecord('deal', { title: 'Изменённая', amount: 1000, stage: 'lead' });
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    const before = kanban.columns['lead']?.cards.map((c) => c.id);
    const leads = kanban.columns['lead']?.count;
    // Someone else changes the deal after the board read it: the move is on a stale version.
    await updateRecord('deal', deal.id, { amount: 2000 }, deal.version);
    await expect(kanban.applyMove(deal.id, 'qualified', 'ru')).resolves.toBe('refused');
    expect(kanban.columns['lead']?.cards.map((c) => c.id)).toEqual(before);
    expect(kanban.columns['lead']?.count).toBe(leads);
    const problem = kanban.problems[deal.id];
    expect(problem?.kind === 'server' && problem.message).toMatch(/[а-я]/);
  });
});
