import { describe, expect, it } from 'vitest';
import { bigDealProcess, designerApp } from './process-graph.fixtures.js';
import { createProcessGraphMapper } from './process-graph.mapping.js';
import { edgeLabeller, edgeRoute, ROUTE_SLOTS, routeWords, type EdgeRoute } from './edge-route.mapping.js';

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

describe('edgeLabeller', () => {
  it('words an edge again only when its route or the language changed', () => {
    const worded: EdgeRoute[] = [];
    const label = edgeLabeller((route) => {
      worded.push(route);
      return `${route.from} -> ${route.to}${route.branch ? ` (${route.branch})` : ''}`;
    });
    const first = label(graph.edges, nodes, 'en');
    expect(worded).toHaveLength(graph.edges.length);
    expect(first.get('e1:check:true:assign')).toMatch(/ \(yes\)$/);
    // Mapped again (a selection): nothing is worded again.
    expect(label(graph.edges, new Map(nodes), 'en')).toEqual(first);
    expect(worded).toHaveLength(graph.edges.length);
    // A step renamed: only its edges; the language switched: every edge.
    const check = nodes.get('check');
    if (!check) throw new Error('no check');
    const renamed = new Map(nodes).set('check', { ...check, data: { ...check.data, title: { ru: 'Проверка', en: 'Check' } } });
    const touching = graph.edges.filter((e) => e.source === 'check' || e.target === 'check').length;
    expect(label(graph.edges, renamed, 'en').get('e1:check:true:assign')).toBe('Check -> ' + String(first.get('e1:check:true:assign')).split(' -> ')[1]);
    expect(worded).toHaveLength(graph.edges.length + touching);
    expect(label(graph.edges, renamed, 'ru').get('e1:check:true:assign')).toMatch(/^Проверка -> .+ \(да\)$/);
    expect(worded).toHaveLength(2 * graph.edges.length + touching);
  });

  it('forgets an edge that is gone, and words it anew if it comes back', () => {
    let count = 0;
    const label = edgeLabeller(() => String((count += 1)));
    label(graph.edges, nodes, 'en');
    const without = graph.edges.filter((e) => e.id !== 'e1:check:true:assign');
    expect(label(without, nodes, 'en').has('e1:check:true:assign')).toBe(false);
    const before = count;
    label(graph.edges, nodes, 'en');
    expect(count).toBe(before + 1);
  });
});

describe('routeWords', () => {
  it('puts the route into a sentence worded once with the slots, each title as it is', () => {
    const template = `Connection: “${ROUTE_SLOTS.from}”, branch “${ROUTE_SLOTS.branch}” → “${ROUTE_SLOTS.to}”`;
    expect(routeWords(template, { from: 'Check', to: 'Assign', branch: 'yes' })).toBe('Connection: “Check”, branch “yes” → “Assign”');
    // Replacement patterns and a slot's own text inside a title are not read as anything.
    expect(routeWords(template, { from: '$& $1', to: ROUTE_SLOTS.from, branch: 'нет' })).toBe(`Connection: “$& $1”, branch “нет” → “${ROUTE_SLOTS.from}”`);
  });
});
