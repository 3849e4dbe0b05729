import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http.client.js';
import type { BoardRecord, FunnelReportBody, RecordPage } from '../api/kanban.api.js';
import { KANBAN_APP } from '../domain/kanban-board.fixtures.js';
import { useWorkspaceKanbanStore } from './workspace-kanban.store.js';

const api = vi.hoisted(() => ({
  fetchBoardDefinition: vi.fn(),
  fetchFunnel: vi.fn(),
  fetchStageCards: vi.fn(),
  patchRecordValues: vi.fn(),
}));
vi.mock('../api/kanban.api.js', () => api);

const FUNNEL: FunnelReportBody = {
  entity: 'deal',
  pipeline: { name: 'sales', label: { en: 'Sales' }, field: 'stage', amountField: 'amount' },
  stages: [
    { name: 'lead', label: { en: 'Lead' }, kind: 'open', probability: 10, count: 41, amount: 900000 },
    { name: 'proposal', label: { en: 'Proposal' }, kind: 'open', probability: 50, count: 2, amount: 5000 },
    { name: 'contract', label: { en: 'Contract' }, kind: 'open', probability: 75, count: 0, amount: 0 },
    { name: 'won', label: { en: 'Won' }, kind: 'won', probability: 100, count: 0, amount: 0 },
    { name: 'lost', label: { en: 'Lost' }, kind: 'lost', probability: 0, count: 0, amount: 0 },
  ],
};

function deal(id: string, stage: string, amount: number | null): BoardRecord {
  return { id, version: 1, owner: 'u1', created_at: '2026-12-01T10:00:00Z', created_by: 'u1', updated_at: '2026-12-01T10:00:00Z', updated_by: 'u1', deleted_at: null, title: `Deal ${id}`, stage, amount };
}

function page(stage: string): RecordPage {
  if (stage === 'lead') return { data: [deal('a', 'lead', 1000), deal('b', 'lead', null)], nextCursor: 'next' };
  return { data: [], nextCursor: null };
}

describe('the kanban store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
    api.fetchBoardDefinition.mockResolvedValue({ app: KANBAN_APP, robots: KANBAN_APP.processes ?? [] });
    api.fetchFunnel.mockResolvedValue(FUNNEL);
    api.fetchStageCards.mockImplementation((_entity: string, _field: string, stage: string) => Promise.resolve(page(stage)));
  });

  it('loads a column per stage with its first cards and the totals over every readable record', async () => {
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    expect(kanban.board?.fromDefinition).toBe(true);
    expect(kanban.columns['lead']).toMatchObject({ count: 41, amount: 900000, nextCursor: 'next' });
    expect(kanban.columns['lead']?.cards.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('draws the board from the funnel when the definition is not readable', async () => {
    api.fetchBoardDefinition.mockResolvedValue(null);
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['company', 'deal']);
    expect(kanban.board?.fromDefinition).toBe(false);
    expect(kanban.board?.stages).toHaveLength(5);
    expect(api.fetchFunnel).toHaveBeenCalledWith('company', 'sales');
  });

  it('moves a card at once, sends the stage, and keeps the server’s copy', async () => {
    api.patchRecordValues.mockResolvedValue({ ...deal('a', 'proposal', 1000), version: 2 });
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    await expect(kanban.applyMove('a', 'proposal', 'ru')).resolves.toBe('moved');
    expect(api.patchRecordValues).toHaveBeenCalledWith('deal', 'a', { stage: 'proposal' }, 1);
    expect(kanban.columns['proposal']?.cards[0]?.version).toBe(2);
    expect(kanban.columns['lead']?.cards.map((c) => c.id)).toEqual(['b']);
    expect(kanban.lastMove?.toStage).toBe('proposal');
  });

  it('holds a move whose stage needs fields until they are given, then sends them with the stage', async () => {
    api.patchRecordValues.mockResolvedValue({ ...deal('b', 'proposal', 7000), version: 2 });
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    await expect(kanban.applyMove('b', 'proposal', 'ru')).resolves.toBe('needs-fields');
    expect(kanban.pendingMove).toEqual({ cardId: 'b', toStage: 'proposal', fields: ['amount'] });
    expect(api.patchRecordValues).not.toHaveBeenCalled();
    await expect(kanban.applyMove('b', 'proposal', 'ru', { amount: 7000 })).resolves.toBe('moved');
    expect(api.patchRecordValues).toHaveBeenCalledWith('deal', 'b', { amount: 7000, stage: 'proposal' }, 1);
    expect(kanban.pendingMove).toBeNull();
  });

  it('refuses a transition the pipeline does not allow, with the reason on the card', async () => {
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    await expect(kanban.applyMove('a', 'contract', 'ru')).resolves.toBe('refused');
    expect(kanban.problems['a']).toMatchObject({ kind: 'transition', to: { ru: 'Договор' } });
    expect(api.patchRecordValues).not.toHaveBeenCalled();
  });

  it('puts the card back with the server’s reason when the server refuses', async () => {
    api.patchRecordValues.mockRejectedValue(new ApiError(403, 'FORBIDDEN', 'You may not change this record.', [{ message: 'No', message_ru: 'Нельзя менять эту сделку.' }]));
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    await expect(kanban.applyMove('a', 'proposal', 'ru')).resolves.toBe('refused');
    expect(kanban.columns['lead']?.cards.map((c) => c.id)).toEqual(['a', 'b']);
    expect(kanban.columns['lead']?.count).toBe(41);
    expect(kanban.problems['a']).toEqual({ kind: 'server', message: 'Нельзя менять эту сделку.' });
  });

  it('asks for the fields the server says the stage needs', async () => {
    api.fetchBoardDefinition.mockResolvedValue(null);
    api.patchRecordValues.mockRejectedValue(new ApiError(400, 'VALIDATION_FAILED', 'bad', [{ field: 'amount', code: 'REQUIRED_FOR_STAGE' }]));
    const kanban = useWorkspaceKanbanStore();
    await kanban.loadBoard('sales', ['deal']);
    await expect(kanban.applyMove('b', 'proposal', 'en')).resolves.toBe('needs-fields');
    expect(kanban.pendingMove?.fields).toEqual(['amount']);
    expect(kanban.columns['lead']?.cards.map((c) => c.id)).toEqual(['a', 'b']);
  });
});
