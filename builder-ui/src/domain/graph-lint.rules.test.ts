import { describe, expect, it } from 'vitest';
import type { Process } from '@crm/schemas';
import { lintProcess } from './graph-lint.rules.js';
import { bigDealProcess } from './process-graph.fixtures.js';

function codes(process: Process): string[] {
  return lintProcess(process).map((l) => `${l.code}@${l.nodeId}`);
}

describe('graph-lint.rules', () => {
  it('finds nothing in a sound process', () => {
    expect(codes(bigDealProcess())).toEqual([]);
  });

  it('flags a node the trigger never reaches', () => {
    const process: Process = { ...bigDealProcess(), edges: [{ from: 'trigger', to: 'check' }] };
    expect(codes(process)).toEqual(['UNREACHABLE@assign']);
  });

  it('flags a join with no parallel split before it, not one after a split', () => {
    const base = bigDealProcess();
    const lonely: Process = { ...base, nodes: [...base.nodes, { id: 'j', type: 'join' }], edges: [...base.edges, { from: 'assign', to: 'j' }] };
    expect(codes(lonely)).toEqual(['JOIN_WITHOUT_SPLIT@j']);
    const split: Process = {
      ...base,
      nodes: [{ id: 'p', type: 'parallel' }, { id: 'j', type: 'join' }],
      edges: [{ from: 'trigger', to: 'p' }, { from: 'p', to: 'j' }],
    };
    expect(codes(split)).toEqual([]);
  });

  it('flags a loop no edge leaves, not one with a way out', () => {
    const closed: Process = {
      name: 'spin',
      trigger: { type: 'manual' },
      nodes: [{ id: 'a', type: 'wait', config: { duration: 'P1D' } }, { id: 'b', type: 'wait', config: { duration: 'P1D' } }],
      edges: [{ from: 'trigger', to: 'a' }, { from: 'a', to: 'b' }, { from: 'b', to: 'a' }],
    };
    expect(codes(closed)).toEqual(['LOOP_WITHOUT_EXIT@a']);
    const open: Process = {
      ...closed,
      nodes: [closed.nodes[0]!, { id: 'c', type: 'condition', config: { condition: { field: 'x', op: 'isEmpty' } } }, { id: 'end', type: 'end' }],
      edges: [{ from: 'trigger', to: 'a' }, { from: 'a', to: 'c' }, { from: 'c', to: 'a', handle: 'true' }, { from: 'c', to: 'end', handle: 'false' }],
    };
    expect(codes(open)).toEqual([]);
  });

  it('names each closed loop once, by its first step, and tells a self-loop from a loop with a way out', () => {
    const wait = (id: string) => ({ id, type: 'wait' as const, config: { duration: 'P1D' } });
    const process: Process = {
      name: 'loops',
      trigger: { type: 'manual' },
      // Listed out of walking order: the report follows the process's own order.
      nodes: [wait('z'), wait('a'), wait('b'), wait('c'), wait('d'), wait('self'), wait('e'), { id: 'end', type: 'end' }],
      edges: [
        { from: 'trigger', to: 'a' },
        // a -> b -> c -> a has an exit (c -> d); d <-> z is closed; e loops on itself and leaves to end.
        { from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'c', to: 'd' },
        { from: 'd', to: 'z' }, { from: 'z', to: 'd' },
        { from: 'a', to: 'self' }, { from: 'self', to: 'self' },
        { from: 'b', to: 'e' }, { from: 'e', to: 'e' }, { from: 'e', to: 'end' },
      ],
    };
    expect(codes(process).filter((c) => c.startsWith('LOOP'))).toEqual(['LOOP_WITHOUT_EXIT@z', 'LOOP_WITHOUT_EXIT@self']);
  });

  it('walks a chain of thousands of steps without running out of stack', () => {
    const count = 20_000;
    const nodes = Array.from({ length: count }, (_, i) => ({ id: `n${i}`, type: 'wait' as const, config: { duration: 'P1D' } }));
    const edges = [{ from: 'trigger', to: 'n0' }, ...nodes.slice(1).map((n, i) => ({ from: `n${i}`, to: n.id })), { from: `n${count - 1}`, to: 'n0' }];
    expect(codes({ name: 'long', trigger: { type: 'manual' }, nodes, edges })).toEqual(['LOOP_WITHOUT_EXIT@n0']);
  });

  it('flags an approval with nobody to approve and a wait with no limit', () => {
    const process: Process = {
      name: 'p',
      trigger: { type: 'manual' },
      nodes: [{ id: 'ok', type: 'approval', config: { approvers: [''] } }, { id: 'w', type: 'wait', config: { untilCondition: { field: 'x', op: 'isEmpty' } } }],
      edges: [{ from: 'trigger', to: 'ok' }, { from: 'ok', to: 'w', handle: 'approved' }],
    };
    expect(codes(process)).toEqual(['APPROVAL_WITHOUT_APPROVER@ok', 'WAIT_WITHOUT_LIMIT@w']);
    const bounded: Process = { ...process, nodes: [{ id: 'ok', type: 'approval', config: { approvers: [{ role: 'x' }] } }, { id: 'w', type: 'wait', config: { untilCondition: { field: 'x', op: 'isEmpty' }, timeout: 'P1D' } }] };
    expect(codes(bounded)).toEqual([]);
  });

  it('flags an after-save write to the record that starts the process again', () => {
    const base: Process = {
      name: 'p',
      trigger: { type: 'record', entity: 'deal', on: ['update'] },
      nodes: [{ id: 'touch', type: 'update_record', config: { values: { title: 'x' } } }],
      edges: [{ from: 'trigger', to: 'touch' }],
    };
    expect(codes(base)).toEqual(['RETRIGGERS_ITSELF@touch']);
    expect(lintProcess(base)[0]?.message.en).toContain('may start this same process again');
    expect(codes({ ...base, mode: 'before-save' })).toEqual([]);
    expect(codes({ ...base, trigger: { type: 'record', entity: 'deal', on: ['create'] } })).toEqual([]);
    const creates: Process = { ...base, trigger: { type: 'record', entity: 'deal', on: ['create'] }, nodes: [{ id: 'touch', type: 'create_record', config: { entity: 'deal', values: {} } }] };
    expect(codes(creates)).toEqual(['RETRIGGERS_ITSELF@touch']);
  });
});
