import { describe, expect, it } from 'vitest';
import { edgeEnds, handleOf, handlePoint, type HandleBox, type NodeBox } from './canvas-edge-geometry.rules.js';

const out = (id: string, y: number): HandleBox => ({ id, position: 'right', x: 215, y, width: 10, height: 10 });
const input: HandleBox = { id: 'in', position: 'left', x: -5, y: 27, width: 10, height: 10 };

const check: NodeBox = { x: 100, y: 40, source: [out('true', 17), out('false', 37)], target: [input] };
const assign: NodeBox = { x: 400, y: 200, source: [out('out', 27)], target: [input] };

describe('canvas edge geometry', () => {
  it('starts at the named output and ends at the input, where Vue Flow would draw them', () => {
    expect(edgeEnds(check, 'false', assign, 'in')).toEqual({ sourceX: 100 + 215 + 10, sourceY: 40 + 37 + 5, sourcePosition: 'right', targetX: 400 - 5, targetY: 200 + 27 + 5, targetPosition: 'left' });
  });

  it('takes the first point when the edge names none', () => {
    expect(edgeEnds(check, null, assign, null)?.sourceY).toBe(40 + 17 + 5);
  });

  it('draws nothing until both points are measured, or when a named point is gone', () => {
    expect(edgeEnds({ ...check, source: [] }, 'true', assign, 'in')).toBeNull();
    expect(edgeEnds(check, 'true', { ...assign, target: undefined }, 'in')).toBeNull();
    expect(edgeEnds(check, 'maybe', assign, 'in')).toBeNull();
    expect(handleOf(null, 'in')).toBeNull();
  });

  it('meets a point on the middle of the side it faces', () => {
    const node: NodeBox = { x: 0, y: 0, source: null, target: null };
    const box = { x: 10, y: 20, width: 8, height: 6 };
    expect(handlePoint(node, { ...box, position: 'top' })).toEqual({ x: 14, y: 20 });
    expect(handlePoint(node, { ...box, position: 'bottom' })).toEqual({ x: 14, y: 26 });
    expect(handlePoint(node, { ...box, position: 'left' })).toEqual({ x: 10, y: 23 });
    expect(handlePoint(node, { ...box, position: 'right' })).toEqual({ x: 18, y: 23 });
  });
});
