import { describe, expect, it } from 'vitest';
import { boardFromApp, boardFromFunnel, cardFields, cardTitle, firstReadablePipeline } from './kanban-board.mapping.js';
import { KANBAN_APP } from './kanban-board.fixtures.js';

describe('boardFromApp', () => {
  it('makes a column per stage in pipeline order with its rules, amount and title fields', () => {
    const board = boardFromApp(KANBAN_APP, 'sales');
    expect(board?.stages.map((s) => s.name)).toEqual(['lead', 'proposal', 'contract', 'won', 'lost']);
    expect(board).toMatchObject({ entity: 'deal', stageField: 'stage', amountField: 'amount', titleField: 'title', fromDefinition: true });
    expect(board?.stages[1]).toMatchObject({ requiredFields: ['amount'], transitions: ['lead', 'contract', 'lost'], probability: 50 });
    expect(board?.stages[2]?.transitions).toBeNull();
    expect(board?.stages[3]?.probability).toBe(100);
  });

  it('lists as robots the enabled processes that start on entering the stage (stage triggers and "changed to" record triggers)', () => {
    const board = boardFromApp(KANBAN_APP, 'sales');
    expect(board?.stages.find((s) => s.name === 'contract')?.robots).toEqual([{ name: 'contract_task', label: { en: 'Contract task', ru: 'Задача по договору' } }]);
    expect(board?.stages.find((s) => s.name === 'lost')?.robots.map((r) => r.name)).toEqual(['lost_review']);
    expect(board?.stages.find((s) => s.name === 'lead')?.robots).toEqual([]);
  });

  it('is null for a pipeline the app does not have', () => {
    expect(boardFromApp(KANBAN_APP, 'support')).toBeNull();
  });
});

describe('boardFromFunnel', () => {
  it('takes the stages from the funnel report, with no rules known', () => {
    const board = boardFromFunnel(
      {
        entity: 'deal',
        pipeline: { name: 'sales', label: { en: 'Sales' }, field: 'stage', amountField: 'amount' },
        stages: [{ name: 'lead', label: { en: 'Lead' }, kind: 'open', probability: 10, count: 3, amount: 1000 }],
      },
      null,
    );
    expect(board).toMatchObject({ fromDefinition: false, amountField: 'amount', stages: [{ name: 'lead', transitions: null, requiredFields: [], robots: [] }] });
    expect(cardFields(board)).toEqual([{ name: 'amount', type: 'money' }]);
  });
});

describe('cards', () => {
  it('titles a card by the display field, else title or name', () => {
    expect(cardTitle({ titleField: 'title' }, { title: 'Поставка' })).toBe('Поставка');
    expect(cardTitle({ titleField: null }, { name: 'ООО Ромашка' })).toBe('ООО Ромашка');
    expect(cardTitle({ titleField: 'title' }, { title: '  ' })).toBeNull();
  });

  it('shows the amount and the first date field', () => {
    const board = boardFromApp(KANBAN_APP, 'sales');
    expect(board && cardFields(board).map((f) => f.name)).toEqual(['amount', 'close_date']);
  });
});

describe('firstReadablePipeline', () => {
  it('is the first pipeline on an entity the viewer may read', () => {
    expect(firstReadablePipeline(KANBAN_APP, ['company', 'deal'])).toBe('sales');
    expect(firstReadablePipeline(KANBAN_APP, ['company'])).toBeNull();
    expect(firstReadablePipeline(null, ['deal'])).toBeNull();
  });
});
