import { describe, expect, it } from 'vitest';
import type { Process } from '@crm/schemas';
import { mayStartByHand, offersManualStart } from './manual-start.policy.js';

const manual = (extra: Partial<Process> & { startRoles?: string[]; entity?: string } = {}): Process => {
  const { startRoles, entity, ...rest } = extra;
  return {
    name: 'convert',
    trigger: { type: 'manual', ...(entity === undefined ? {} : { entity }), ...(startRoles === undefined ? {} : { startRoles }) },
    nodes: [{ id: 'done', type: 'end' }],
    edges: [{ from: 'trigger', to: 'done' }],
    ...rest,
  };
};

describe('starting a process by hand', () => {
  it('lets admins start any manual process, others only when one of their roles is a start role', () => {
    expect(mayStartByHand([], true, undefined)).toBe(true);
    expect(mayStartByHand(['rep'], false, undefined)).toBe(false);
    expect(mayStartByHand(['rep'], false, [])).toBe(false);
    expect(mayStartByHand(['rep', 'lead'], false, ['lead'])).toBe(true);
    expect(mayStartByHand(['rep'], false, ['manager'])).toBe(false);
  });

  it('offers only enabled manual processes, on entities the person may read', () => {
    const readable = (entity: string) => entity === 'deal';
    expect(offersManualStart(manual({ entity: 'deal', startRoles: ['rep'] }), ['rep'], false, readable)).toBe(true);
    expect(offersManualStart(manual({ startRoles: ['rep'] }), ['rep'], false, readable)).toBe(true);
    expect(offersManualStart(manual({ entity: 'company', startRoles: ['rep'] }), ['rep'], false, readable)).toBe(false);
    expect(offersManualStart(manual({ entity: 'deal', startRoles: ['rep'], enabled: false }), ['rep'], true, readable)).toBe(false);
    expect(offersManualStart(manual({ entity: 'deal' }), ['rep'], false, readable)).toBe(false);
    const robot: Process = { name: 'robot', trigger: { type: 'record', entity: 'deal', on: ['create'] }, nodes: [{ id: 'done', type: 'end' }], edges: [{ from: 'trigger', to: 'done' }] };
    expect(offersManualStart(robot, ['rep'], true, readable)).toBe(false);
  });

  it('does not offer a start form its person could not answer: a required record of an entity they may not read', () => {
    const readable = (entity: string) => entity === 'deal';
    const asking = (required: boolean): Process => {
      const process = manual({ entity: 'deal', startRoles: ['rep'] });
      if (process.trigger.type === 'manual') process.trigger.inputs = [{ name: 'company', type: 'relation', target: 'company', required }];
      return process;
    };
    expect(offersManualStart(asking(true), ['rep'], false, readable)).toBe(false);
    // Left empty, an optional one does not stand in the way.
    expect(offersManualStart(asking(false), ['rep'], false, readable)).toBe(true);
    expect(offersManualStart(asking(true), ['rep'], false, () => true)).toBe(true);
  });
});
