import { describe, expect, it } from 'vitest';
import { boardFromApp, type KanbanBoard } from './kanban-board.mapping.js';
import { missingFields, moveTargets, moveVerdict, refusalOf } from './kanban-move.rules.js';
import { KANBAN_APP } from './kanban-board.fixtures.js';

function board(): KanbanBoard {
  const b = boardFromApp(KANBAN_APP, 'sales');
  if (!b) throw new Error('fixture has the sales pipeline');
  return b;
}

describe('moveVerdict', () => {
  it('does nothing for a drop on the card’s own stage', () => {
    expect(moveVerdict(board(), { stage: 'lead' }, 'lead')).toEqual({ kind: 'same' });
  });

  it('refuses a stage the transitions do not allow', () => {
    const verdict = moveVerdict(board(), { stage: 'lead' }, 'contract');
    expect(verdict.kind).toBe('not-allowed');
  });

  it('asks for the required fields the record leaves empty', () => {
    const verdict = moveVerdict(board(), { stage: 'lead', amount: null }, 'proposal');
    expect(verdict).toMatchObject({ kind: 'needs-fields', fields: ['amount'] });
  });

  it('goes when the stage is allowed and its fields are filled', () => {
    expect(moveVerdict(board(), { stage: 'lead', amount: 5000 }, 'proposal').kind).toBe('go');
    expect(moveVerdict(board(), { stage: 'contract', close_date: '2026-12-31' }, 'won').kind).toBe('go');
  });
});

describe('moveTargets', () => {
  it('offers the allowed stages, or every other stage when the stage lists none', () => {
    expect(moveTargets(board(), 'lead').map((s) => s.name)).toEqual(['proposal', 'lost']);
    expect(moveTargets(board(), 'contract').map((s) => s.name)).toEqual(['lead', 'proposal', 'won', 'lost']);
    expect(moveTargets(board(), 'won')).toEqual([]);
  });
});

describe('missingFields', () => {
  it('counts empty text and empty lists as missing', () => {
    const lost = board().stages.find((s) => s.name === 'lost');
    expect(lost && missingFields(lost, { lost_reason: '' })).toEqual(['lost_reason']);
    expect(lost && missingFields(lost, { lost_reason: 'Дорого' })).toEqual([]);
  });
});

describe('refusalOf', () => {
  it('turns REQUIRED_FOR_STAGE details into the fields to ask for', () => {
    const error = { status: 400, code: 'VALIDATION_FAILED', message: 'bad', details: [{ field: 'amount', code: 'REQUIRED_FOR_STAGE' }] };
    expect(refusalOf(error, 'ru', 'stage')).toEqual({ kind: 'needs-fields', fields: ['amount'] });
  });

  it('gives the reason in the person’s language, preferring the stage field’s detail', () => {
    const error = {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'bad',
      details: [
        { field: 'title', code: 'X', message: 'other' },
        { field: 'stage', code: 'INVALID_TRANSITION', message: 'Cannot move', message_ru: 'Нельзя перевести' },
      ],
    };
    expect(refusalOf(error, 'ru', 'stage')).toEqual({ kind: 'refused', message: 'Нельзя перевести' });
    expect(refusalOf(error, 'en', 'stage')).toEqual({ kind: 'refused', message: 'Cannot move' });
  });

  it('falls back to the error message (a 403 without details)', () => {
    expect(refusalOf({ status: 403, code: 'FORBIDDEN', message: 'You may not change this deal.', details: [] }, 'ru', 'stage')).toEqual({ kind: 'refused', message: 'You may not change this deal.' });
  });
});
