import { describe, expect, it } from 'vitest';
import { minimapView, nodesShape, viewportCentredOn, visibleRect } from './graph-minimap.mapping.js';

describe('graph-minimap.mapping', () => {
  it('turns the viewport into the flow rectangle the canvas shows', () => {
    expect(visibleRect({ x: -200, y: 100, zoom: 0.5 }, { width: 800, height: 600 })).toEqual({ x: 400, y: -200, width: 1600, height: 1200 });
  });

  it('frames the nodes and the viewport, keeping the minimap aspect, with a padding', () => {
    const nodes = [
      { x: 0, y: 0, width: 200, height: 100 },
      { x: 1800, y: 300, width: 200, height: 100, selected: true },
    ];
    const view = minimapView([nodesShape(nodes)], { x: 0, y: 0, width: 1000, height: 500 }, { width: 200, height: 150 });
    // The bounds are 2000 × 500: the width decides, 10 flow units a pixel, 5 px of padding.
    expect(view.scale).toBe(10);
    expect(view.box).toEqual({ x: -50, y: -550, width: 2100, height: 1600 });
    expect(view.nodes).toBe('M0 0h200v100h-200z');
    expect(view.selected).toBe('M1800 300h200v100h-200z');
    expect(view.mask).toBe('M-50 -550h2100v1600h-2100zM0 0h1000v500h-1000z');
    expect(view.visible).toBe('M0 0h1000v500h-1000z');
  });

  it('still frames the viewport when there are no nodes', () => {
    const view = minimapView([nodesShape([])], { x: 10, y: 20, width: 200, height: 150 }, { width: 200, height: 150 }, 0);
    expect(view.box).toEqual({ x: 10, y: 20, width: 200, height: 150 });
    expect(view.nodes).toBe('');
  });

  it('draws still and dragged nodes apart and frames them together', () => {
    const still = nodesShape([{ x: 0, y: 0, width: 100, height: 50 }]);
    const dragged = nodesShape([{ x: 300, y: 100, width: 100, height: 50, selected: true }]);
    expect(still.bounds).toEqual({ x: 0, y: 0, width: 100, height: 50 });
    const view = minimapView([still, dragged], { x: 0, y: 0, width: 10, height: 10 }, { width: 100, height: 100 }, 0);
    expect(view.box).toEqual({ x: 0, y: -125, width: 400, height: 400 });
    expect(view.nodes).toBe('M0 0h100v50h-100z');
    expect(view.selected).toBe('M300 100h100v50h-100z');
  });

  it('centres the canvas on a flow point at a zoom', () => {
    const viewport = viewportCentredOn({ x: 1000, y: 400 }, 0.5, { width: 800, height: 600 });
    expect(viewport).toEqual({ x: -100, y: 100, zoom: 0.5 });
    const shown = visibleRect(viewport, { width: 800, height: 600 });
    expect(shown.x + shown.width / 2).toBe(1000);
    expect(shown.y + shown.height / 2).toBe(400);
  });
});
