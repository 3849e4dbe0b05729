import { describe, expect, it } from 'vitest';
import { autoLayoutChange, layoutPositions, NODE_WIDTH } from './graph-layout.apply.js';
import { findProcess } from './process-graph.apply.js';
import { bigDealProcess, designerApp } from './process-graph.fixtures.js';

describe('graph-layout.apply', () => {
  it('lays the graph out left to right from the trigger, as one move change', () => {
    const process = bigDealProcess();
    const positions = layoutPositions({ ...process, nodes: process.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) });
    const check = positions.get('check');
    const assign = positions.get('assign');
    expect(check && assign).toBeTruthy();
    expect(check!.x).toBeGreaterThanOrEqual(NODE_WIDTH);
    expect(assign!.x).toBeGreaterThan(check!.x + NODE_WIDTH);
    const app = designerApp({ ...process, nodes: process.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) });
    const ref = findProcess(app, 'big_deal')!;
    const change = autoLayoutChange(ref, 'Layout');
    expect(change?.patches.map((p) => p.path.join('/'))).toEqual(['processes/0/nodes/0/position', 'processes/0/nodes/1/position']);
  });
});
