import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT } from './graph-layout.apply.js';
import { freePlace } from './node-placement.rules.js';

describe('freePlace', () => {
  it('keeps the wanted place when nothing stands there', () => {
    expect(freePlace({ x: 300, y: 0 }, [{ x: 0, y: 0 }, { x: 300, y: 400 }])).toEqual({ x: 300, y: 0 });
  });

  it('moves below a step that stands on the place, a step and a gap further down', () => {
    expect(freePlace({ x: 300, y: 0 }, [{ x: 310, y: 20 }])).toEqual({ x: 300, y: 20 + NODE_HEIGHT + 40 });
  });

  it('moves past a column of steps, whatever order they are listed in', () => {
    const column = [{ x: 300, y: 232 }, { x: 300, y: 0 }, { x: 300, y: 116 }];
    const place = freePlace({ x: 300, y: 0 }, column);
    expect(place).toEqual({ x: 300, y: 232 + NODE_HEIGHT + 40 });
    for (const other of column) expect(Math.abs(place.y - other.y)).toBeGreaterThanOrEqual(NODE_HEIGHT + 40);
  });

  it('ignores steps far enough to the side', () => {
    expect(freePlace({ x: 300, y: 0 }, [{ x: 600, y: 0 }, { x: 0, y: 10 }])).toEqual({ x: 300, y: 0 });
  });
});
