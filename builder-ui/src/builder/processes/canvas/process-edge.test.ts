import { describe, expect, it } from 'vitest';
import { h, type Component } from 'vue';
import { mount } from '@vue/test-utils';
import { Position, getBezierPath } from '@vue-flow/core';
import { ProcessEdge } from './process-edge.js';

/*
 * The canvas's edge draws what Vue Flow's default edge draws (the visible path and the wide
 * transparent one that catches clicks, same classes, same bezier), without writing the props Vue
 * Flow hands every edge (its nodes, data, events) onto the path as attributes.
 */

// As Vue Flow renders it: a component handed every prop of an edge.
const edgeComponent: Component = ProcessEdge;
const ENDS = { sourceX: 10, sourceY: 20, targetX: 210, targetY: 90, sourcePosition: Position.Right, targetPosition: Position.Left };

function mountEdge(extra: Record<string, unknown> = {}) {
  const props = { id: 'e1', markerEnd: "url('#')", markerStart: "url('#')", ...ENDS, sourceNode: { id: 'a' }, targetNode: { id: 'b' }, source: 'a', target: 'b', data: { index: 0 }, events: {}, selected: false, ...extra };
  return mount({ render: () => h('svg', [h(edgeComponent, props)]) });
}

describe('ProcessEdge', () => {
  it('draws the bezier Vue Flow draws, with the click-catching path beside it', () => {
    const wrapper = mountEdge();
    const [expected] = getBezierPath(ENDS);
    const visible = wrapper.find('path.vue-flow__edge-path');
    const catcher = wrapper.find('path.vue-flow__edge-interaction');
    expect(visible.attributes('d')).toBe(expected);
    expect(visible.attributes('id')).toBe('e1');
    expect(catcher.attributes('d')).toBe(expected);
    expect(catcher.attributes('stroke-width')).toBe('20');
    expect(catcher.attributes('stroke-opacity')).toBe('0');
  });

  it('puts none of the edge props it does not draw onto the path (Vue Flow BaseEdge wrote "[object Object]" attributes)', () => {
    const visible = mountEdge().find('path.vue-flow__edge-path');
    expect(Object.keys(visible.attributes()).sort()).toEqual(['class', 'd', 'id', 'marker-end', 'marker-start']);
  });

  it('leaves the click-catching path out when the interaction width is 0', () => {
    expect(mountEdge({ interactionWidth: 0 }).find('path.vue-flow__edge-interaction').exists()).toBe(false);
  });
});
