import { describe, expect, it } from 'vitest';
import { checkPipelineRules } from './pipeline-rules.checker.js';
import { requireEntityModel } from './record-entity.model.js';
import { recordsTestApp } from './records.fixtures.js';

const deal = requireEntityModel(recordsTestApp(), 'deal');

function detailsOf(run: () => void): unknown[] {
  try {
    run();
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'details' in error && Array.isArray(error.details)) return error.details;
    throw error;
  }
  return [];
}

describe('pipeline rules', () => {
  it('refuses a move to a stage the current one does not list, naming the stage field and both stages', () => {
    const details = detailsOf(() => checkPipelineRules(deal, { stage: 'new' }, { stage: 'won', close_date: '2025-01-01' }));
    expect(details).toEqual([expect.objectContaining({ field: 'stage', code: 'INVALID_TRANSITION', from: 'new', to: 'won' })]);
  });

  it('requires the fields of the stage being entered, on update and on create', () => {
    expect(detailsOf(() => checkPipelineRules(deal, { stage: 'new' }, { stage: 'qualified', amount: null }))).toEqual([
      expect.objectContaining({ field: 'amount', code: 'REQUIRED_FOR_STAGE' }),
    ]);
    expect(detailsOf(() => checkPipelineRules(deal, null, { stage: 'won' }))).toEqual([expect.objectContaining({ field: 'close_date' })]);
  });

  it('does not re-check a stage the record stays in', () => {
    expect(detailsOf(() => checkPipelineRules(deal, { stage: 'qualified' }, { stage: 'qualified', amount: null }))).toEqual([]);
  });
});
