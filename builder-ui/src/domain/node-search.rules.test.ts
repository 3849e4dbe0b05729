import { describe, expect, it } from 'vitest';
import { searchNodes } from './node-search.rules.js';
import { bigDealProcess } from './process-graph.fixtures.js';

describe('node-search.rules', () => {
  const process = bigDealProcess();
  it('matches id, type name in either language, label and config text, every word', () => {
    expect(searchNodes(process, 'check')).toEqual(['check']);
    expect(searchNodes(process, 'назначить')).toEqual(['assign']);
    expect(searchNodes(process, 'SENIOR_manager')).toEqual(['assign']);
    expect(searchNodes(process, '100000 amount')).toEqual(['check']);
    expect(searchNodes(process, 'amount senior')).toEqual([]);
    expect(searchNodes(process, '  ')).toEqual([]);
    const labelled = { ...process, nodes: [{ ...process.nodes[0]!, label: { ru: 'Крупная сделка', en: 'Big deal' } }] };
    expect(searchNodes(labelled, 'крупная')).toEqual(['check']);
  });
});
