import { describe, expect, it } from 'vitest';
import { connectionRefusal, firstFreeHandle, isValidConnection } from './connection.rules.js';
import { bigDealProcess } from './process-graph.fixtures.js';

describe('connection.rules', () => {
  const process = bigDealProcess();

  it('lets an open branch lead to another node', () => {
    expect(isValidConnection(process, { source: 'check', sourceHandle: 'false', target: 'assign' })).toBe(true);
    expect(connectionRefusal({ ...process, edges: [process.edges[0]!] }, { source: 'check', sourceHandle: 'true', target: 'assign' })).toBeNull();
  });

  it('refuses edges into the trigger, to itself, through unknown handles, duplicates and a taken branch', () => {
    expect(connectionRefusal(process, { source: 'check', sourceHandle: 'true', target: 'trigger' })).toBe('INTO_TRIGGER');
    expect(connectionRefusal(process, { source: 'assign', target: 'assign' })).toBe('TO_ITSELF');
    expect(connectionRefusal(process, { source: 'check', sourceHandle: 'out', target: 'assign' })).toBe('UNKNOWN_HANDLE');
    expect(connectionRefusal(process, { source: 'trigger', sourceHandle: 'true', target: 'assign' })).toBe('UNKNOWN_HANDLE');
    expect(connectionRefusal(process, { source: 'check', sourceHandle: 'true', target: 'assign' })).toBe('DUPLICATE_EDGE');
    expect(connectionRefusal(process, { source: 'nowhere', target: 'assign' })).toBe('UNKNOWN_NODE');
    const withEnd = { ...process, nodes: [...process.nodes, { id: 'stop', type: 'end' as const }] };
    expect(connectionRefusal(withEnd, { source: 'check', sourceHandle: 'true', target: 'stop' })).toBe('HANDLE_TAKEN');
    expect(connectionRefusal(withEnd, { source: 'check', sourceHandle: 'false', target: 'stop' })).toBeNull();
  });

  it('finds the first free handle: "no" once "yes" is taken, none on an end', () => {
    expect(firstFreeHandle(process, 'check')).toBe('false');
    expect(firstFreeHandle({ ...process, edges: [] }, 'check')).toBe('true');
    expect(firstFreeHandle(process, 'assign')).toBe('out');
    expect(firstFreeHandle(process, 'trigger')).toBeNull();
  });
});
