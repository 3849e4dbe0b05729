import { describe, expect, it } from 'vitest';
import { stronglyConnected } from './graph-components.rules.js';

function graph(edges: Array<[string, string]>): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) next.set(from, [...(next.get(from) ?? []), to]);
  return next;
}

describe('stronglyConnected', () => {
  it('groups the nodes of each cycle, each group from where the walk entered it', () => {
    const next = graph([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd'], ['d', 'e'], ['e', 'd'], ['f', 'f']]);
    const groups = stronglyConnected(['a', 'b', 'c', 'd', 'e', 'f'], next);
    expect(groups).toEqual([['d', 'e'], ['a', 'b', 'c'], ['f']]);
  });

  it('leaves a node on no cycle alone, and walks ids reached only through edges', () => {
    expect(stronglyConnected(['a'], graph([['a', 'b']]))).toEqual([['b'], ['a']]);
  });

  it('walks a chain of tens of thousands of nodes without running out of stack', () => {
    const count = 50_000;
    const edges: Array<[string, string]> = Array.from({ length: count - 1 }, (_, i) => [`n${i}`, `n${i + 1}`]);
    edges.push([`n${count - 1}`, 'n0']);
    const groups = stronglyConnected(['n0'], graph(edges));
    expect(groups).toHaveLength(1);
    expect(groups[0]?.[0]).toBe('n0');
    expect(groups[0]).toHaveLength(count);
  });
});
