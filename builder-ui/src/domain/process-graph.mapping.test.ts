import { describe, expect, it } from 'vitest';
import type { SimulateResponse } from '@crm/schemas';
import { createProcessGraphMapper, type GraphMappingInput } from './process-graph.mapping.js';
import { bigDealProcess, designerApp } from './process-graph.fixtures.js';

function input(overrides: Partial<GraphMappingInput> = {}): GraphMappingInput {
  const process = bigDealProcess();
  return { app: designerApp(process), process, problems: [], lints: [], selectedNodes: new Set(), selectedEdges: new Set(), run: null, matches: new Set(), ...overrides };
}

describe('process-graph.mapping', () => {
  it('draws the trigger left of the nodes, labelled yes / no handles and the edges through them', () => {
    const graph = createProcessGraphMapper()(input());
    expect(graph.nodes.map((n) => n.id)).toEqual(['trigger', 'check', 'assign']);
    const [trigger, check] = graph.nodes;
    expect(trigger?.position.x).toBeLessThan(check?.position.x ?? 0);
    expect(trigger?.data.summary).toEqual({ ru: 'Сделка: создание', en: 'Deal: created' });
    expect(check?.data.handles).toEqual([
      { id: 'true', label: { ru: 'да', en: 'yes' }, required: true, connected: true },
      { id: 'false', label: { ru: 'нет', en: 'no' }, required: true, connected: false },
    ]);
    expect(check?.data.title).toEqual({ ru: 'Условие', en: 'Condition' });
    expect(check?.data.summary?.en).toBe('Amount is greater than 100,000');
    expect(graph.edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([['trigger', 'out', 'check'], ['check', 'true', 'assign']]);
  });

  it('puts problems and lints on their node as a badge, the worst severity first', () => {
    const message = { ru: 'нет', en: 'no' };
    const graph = createProcessGraphMapper()(input({
      problems: [{ code: 'UNCONNECTED_HANDLE', severity: 'error', message, nodeId: 'check' }, { code: 'X', severity: 'error', message, edgeIndex: 1 }],
      lints: [{ code: 'UNREACHABLE', nodeId: 'check', message }],
    }));
    expect(graph.nodes[1]?.data.badge).toEqual({ severity: 'error', messages: [message, message] });
    expect(graph.nodes[2]?.data.badge).toBeNull();
    expect(graph.edges[1]?.data.badge?.severity).toBe('error');
  });

  it('paints the path a test run took and greys the rest', () => {
    const run: SimulateResponse = {
      process: 'big_deal', version: 1, triggerMatched: true, status: 'completed', error: null, path: ['check'], effects: [], record: {},
      steps: [{ nodeId: 'check', nodeType: 'condition', status: 'completed', handle: 'false', input: {}, output: { result: false }, effects: [], logs: [], error: null }],
    };
    const graph = createProcessGraphMapper()(input({ run }));
    expect(graph.nodes.map((n) => n.data.paint)).toEqual(['taken', 'taken', 'skipped']);
    expect(graph.edges.map((e) => e.data.paint)).toEqual(['taken', 'skipped']);
    expect(graph.nodes[1]?.data.step?.output).toEqual({ result: false });
  });

  it('re-maps a 300-step process after one edit reusing the 299 untouched steps', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => ({ id: `n${i}`, type: 'assign' as const, position: { x: i * 300, y: 0 }, config: { strategy: 'owner-manager' as const } }));
    const edges = nodes.map((n, i) => ({ from: i === 0 ? 'trigger' : `n${i - 1}`, to: n.id }));
    const process = { name: 'big', trigger: { type: 'manual' as const }, nodes, edges };
    const base = input({ process, app: designerApp(process) });
    const map = createProcessGraphMapper();
    const before = map(base);
    const edited = { ...process, nodes: nodes.map((n, i) => (i === 150 ? { ...n, config: { strategy: 'user' as const, user: 'x' } } : n)) };
    const started = performance.now();
    const after = map({ ...base, process: edited });
    const elapsed = performance.now() - started;
    expect(after.nodes.filter((n, i) => n !== before.nodes[i]).map((n) => n.id)).toEqual(['n150']);
    expect(after.edges.filter((e, i) => e !== before.edges[i])).toEqual([]);
    expect(elapsed).toBeLessThan(100);
    // Selecting a step or an edge gives a new object to that one only: Vue Flow re-renders just it.
    const picked = after.edges[7]?.id ?? '';
    const selected = map({ ...base, process: edited, selectedNodes: new Set(['n3']), selectedEdges: new Set([picked]) });
    expect(selected.nodes.filter((n, i) => n !== after.nodes[i]).map((n) => n.id)).toEqual(['n3']);
    expect(selected.edges.filter((e, i) => e !== after.edges[i]).map((e) => [e.id, e.selected])).toEqual([[picked, true]]);
  });

  it('keeps the very same mapped object for a node the edit did not touch', () => {
    const map = createProcessGraphMapper();
    const first = input();
    const before = map(first);
    const process = { ...first.process, nodes: [first.process.nodes[0]!, { ...first.process.nodes[1]!, position: { x: 900, y: 0 } }] };
    const after = map({ ...first, process });
    expect(after.nodes[1]).toBe(before.nodes[1]);
    expect(after.nodes[2]).not.toBe(before.nodes[2]);
    expect(after.nodes[2]?.position).toEqual({ x: 900, y: 0 });
    expect(map({ ...first, process, selectedNodes: new Set(['check']) }).nodes[1]?.selected).toBe(true);
  });

  it('keeps the mapped objects when the draft comes back from a save as an equal copy', () => {
    const map = createProcessGraphMapper();
    const first = input();
    const before = map(first);
    const copy = map({ ...first, process: structuredClone(first.process) });
    expect(copy.nodes.every((n, i) => n === before.nodes[i])).toBe(true);
    expect(copy.edges.every((e, i) => e === before.edges[i])).toBe(true);
  });
});
