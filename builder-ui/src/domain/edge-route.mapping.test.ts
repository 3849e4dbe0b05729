import { describe, expect, it } from 'vitest';
import { bigDealProcess, designerApp } from './process-graph.fixtures.js';
import { createProcessGraphMapper } from './process-graph.mapping.js';
import { edgeRoute } from './edge-route.mapping.js';

const process = bigDealProcess();
const graph = createProcessGraphMapper()({ app: designerApp(process), process, problems: [], lints: [], selectedNodes: new Set(), selectedEdges: new Set(), run: null, matches: new Set() });
const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
const edge = (id: string) => {
  const found = graph.edges.find((e) => e.id === id);
  if (!found) throw new Error(`no edge ${id}`);
  return found;
};

describe('edgeRoute', () => {
  it('names both steps and the branch in the interface language', () => {
    const ru = edgeRoute(edge('e1:check:true:assign'), nodes, 'ru');
    expect(ru.branch).toBe('да');
    expect(ru.from).toBe(nodes.get('check')?.data.title.ru ?? nodes.get('check')?.data.title.en);
    expect(edgeRoute(edge('e1:check:true:assign'), nodes, 'en').branch).toBe('yes');
  });

  it('has no branch for a plain output', () => {
    expect(edgeRoute(edge('e0:trigger:out:check'), nodes, 'en').branch).toBeNull();
  });

  it('falls back to the step id for a step it does not know', () => {
    expect(edgeRoute({ source: 'gone', target: 'assign', sourceHandle: 'out' }, nodes, 'en')).toMatchObject({ from: 'gone', branch: null });
  });
});
