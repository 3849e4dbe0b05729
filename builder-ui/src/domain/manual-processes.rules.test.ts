import type { WorkspaceProcess } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { listStartRequest, startableOn, startedRunState } from './manual-processes.rules.js';

const process = (name: string, entity: string | null, startable: boolean, label?: { ru: string; en: string }): WorkspaceProcess => ({ name, entity, startable, ...(label ? { label } : {}) });

describe('manual processes on a record', () => {
  it('offers the startable processes of the record’s entity, by their label in the person’s language', () => {
    const processes = [
      process('recheck', 'deal', true, { ru: 'Перепроверить', en: 'Recheck' }),
      process('approve_discount', 'deal', true, { ru: 'Согласовать скидку', en: 'Approve a discount' }),
      process('robot', 'deal', false, { ru: 'Робот', en: 'Robot' }),
      process('company_check', 'company', true),
      process('nightly', null, true),
    ];
    expect(startableOn(processes, 'deal', 'ru')).toEqual([
      { name: 'recheck', label: 'Перепроверить' },
      { name: 'approve_discount', label: 'Согласовать скидку' },
    ]);
    expect(startableOn(processes, 'deal', 'en').map((p) => p.label)).toEqual(['Approve a discount', 'Recheck']);
    expect(startableOn(processes, 'company', 'en')).toEqual([{ name: 'company_check', label: 'company_check' }]);
    expect(startableOn(processes, 'contact', 'en')).toEqual([]);
  });

  it('carries the questions a process asks before it starts', () => {
    const inputs = [{ name: 'reason', type: 'longtext' as const, required: true }];
    expect(startableOn([{ ...process('hand_over', 'deal', true), inputs }], 'deal', 'en')).toEqual([{ name: 'hand_over', label: 'hand_over', inputs }]);
  });

  it('speaks of a started run as running until it completes, waits, fails or is cancelled', () => {
    expect(startedRunState('running')).toBe('running');
    expect(startedRunState('queued')).toBe('running');
    for (const status of ['completed', 'waiting', 'failed', 'cancelled'] as const) expect(startedRunState(status)).toBe(status);
  });

  it('starts a list’s process on the ticked records by id, or on all it matches by its condition and search', () => {
    const filter = { field: 'amount', op: 'gt', value: 1000 } as const;
    expect(listStartRequest({ allMatching: false, selected: ['a', 'b'], filter, q: 'склад' })).toEqual({ filter: { field: 'id', op: 'in', value: ['a', 'b'] } });
    expect(listStartRequest({ allMatching: true, selected: ['a'], filter, q: ' склад ' })).toEqual({ filter, q: 'склад' });
    expect(listStartRequest({ allMatching: true, selected: ['a'], filter: null, q: '' })).toEqual({ filter: null });
  });
});
