import { beforeAll, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { Position, VueFlow, type GraphNode } from '@vue-flow/core';
import { createAppI18n } from '../../../app/i18n.js';
import { createProcessGraphMapper } from '../../../domain/process-graph.mapping.js';
import { connectionRefusal } from '../../../domain/connection.rules.js';
import { bigDealProcess, designerApp } from '../../../domain/process-graph.fixtures.js';
import ProcessCanvas from './ProcessCanvas.vue';

/*
 * The canvas is presentational: what Vue Flow reports comes out as the designer's typed intents,
 * and nothing it reports changes the graph by itself (controlled mode).
 */

class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

beforeAll(() => {
  // happy-dom has no ResizeObserver; Vue Flow measures its pane and nodes with one.
  if (!('ResizeObserver' in globalThis)) Object.defineProperty(globalThis, 'ResizeObserver', { value: NoopResizeObserver, configurable: true });
});

/*
 * What Vue Flow measures in a browser (happy-dom lays nothing out): each node's size and its
 * connection points, outputs down the right side, the input on the left.
 */
function measureNodes(wrapper: ReturnType<typeof mountCanvas>): void {
  const flow = wrapper.getComponent(VueFlow).vm as unknown as { getNodes: GraphNode[] };
  for (const node of flow.getNodes) {
    const data = node.data as { handles: Array<{ id: string }>; hasInput: boolean };
    node.dimensions = { width: 220, height: 64 };
    node.handleBounds = {
      source: data.handles.map((h, i) => ({ id: h.id, type: 'source' as const, nodeId: node.id, position: Position.Right, x: 215, y: 10 + 20 * i, width: 10, height: 10 })),
      target: data.hasInput ? [{ id: 'in', type: 'target' as const, nodeId: node.id, position: Position.Left, x: -5, y: 27, width: 10, height: 10 }] : [],
    };
  }
}

function mountCanvas(problems = false, minimap = false) {
  const process = { ...bigDealProcess(), edges: problems ? [{ from: 'trigger', to: 'check' }] : bigDealProcess().edges };
  const graph = createProcessGraphMapper()({
    app: designerApp(process),
    process,
    problems: problems ? [{ code: 'UNCONNECTED_HANDLE', severity: 'error', message: { ru: 'Ветка «нет» никуда не ведёт', en: 'The "no" branch leads nowhere' }, nodeId: 'check' }] : [],
    lints: [],
    selectedNodes: new Set(['check']),
    selectedEdges: new Set(),
    run: null,
    matches: new Set(),
  });
  return mount(ProcessCanvas, {
    props: { nodes: graph.nodes, edges: graph.edges, minimap, label: 'Diagram', validate: (c: { source: string; sourceHandle?: string | null; target: string }) => connectionRefusal(process, c) === null },
    global: { plugins: [createAppI18n('ru')] },
    attachTo: document.body,
  });
}

describe('ProcessCanvas', () => {
  it('draws every step with its labelled branches and its problem badge', async () => {
    const wrapper = mountCanvas(true);
    await flushPromises();
    expect(wrapper.findAll('[data-node-id]').map((n) => n.attributes('data-node-id'))).toEqual(['trigger', 'check', 'assign']);
    const check = wrapper.get('[data-node-id="check"]');
    expect(check.findAll('[data-handle-label]').map((l) => l.text())).toEqual(['да', 'нет']);
    expect(check.get('[data-badge]').attributes('data-badge')).toBe('error');
    expect(check.get('[data-badge]').attributes('aria-label')).toContain('Ветка «нет» никуда не ведёт');
    expect(wrapper.find('[data-node-id="assign"] [data-badge]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('turns a connection into a connect intent and a removal into a delete intent, applying neither', async () => {
    const wrapper = mountCanvas();
    await flushPromises();
    const flow = wrapper.getComponent(VueFlow);
    flow.vm.$emit('connect', { source: 'check', sourceHandle: 'false', target: 'assign', targetHandle: 'in' });
    flow.vm.$emit('nodesChange', [{ type: 'remove', id: 'assign' }]);
    expect(wrapper.emitted('connect')).toEqual([[{ source: 'check', sourceHandle: 'false', target: 'assign' }]]);
    expect(wrapper.emitted('delete')).toEqual([[{ nodes: ['assign'], edges: [] }]]);
    // Controlled: the step is still drawn until the draft says otherwise.
    await flushPromises();
    expect(wrapper.find('[data-node-id="assign"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('reports selection as a select intent and a finished drag as one move', async () => {
    const wrapper = mountCanvas();
    await flushPromises();
    const flow = wrapper.getComponent(VueFlow);
    flow.vm.$emit('nodesChange', [{ type: 'select', id: 'assign', selected: true }]);
    expect(wrapper.emitted('select')?.[0]).toEqual([{ nodes: ['check', 'assign'], edges: [] }]);
    flow.vm.$emit('nodesChange', [{ type: 'position', id: 'assign', position: { x: 700, y: 40 }, dragging: true }]);
    expect(wrapper.emitted('move')).toBeUndefined();
    flow.vm.$emit('nodeDragStop', { event: new MouseEvent('mouseup'), node: { id: 'assign', position: { x: 700, y: 40 }, draggable: true }, nodes: [{ id: 'assign', position: { x: 700, y: 40 }, draggable: true }] });
    expect(wrapper.emitted('move')).toEqual([[[{ id: 'assign', position: { x: 700, y: 40 } }]]]);
    wrapper.unmount();
  });

  it('places each step by its offset, not a transform, and follows it while it is dragged', async () => {
    const wrapper = mountCanvas();
    await flushPromises();
    const flow = wrapper.getComponent(VueFlow);
    const assign = (): HTMLElement => wrapper.get('.vue-flow__node[data-id="assign"]').element as HTMLElement;
    const start = (flow.vm as unknown as { getNodes: GraphNode[] }).getNodes.find((n) => n.id === 'assign')!.position;
    // A transformed element is a paint chunk of its own for Chromium (node-offset.rules.ts says why).
    expect(assign().style.transform).toBe('none');
    expect([assign().style.left, assign().style.top]).toEqual([`${start.x}px`, `${start.y}px`]);
    flow.vm.$emit('nodesChange', [{ type: 'position', id: 'assign', position: { x: 700, y: 40 }, dragging: true }]);
    await flushPromises();
    expect([assign().style.left, assign().style.top, assign().style.transform]).toEqual(['700px', '40px', 'none']);
    wrapper.unmount();
  });

  it('holds the selection a drag makes until the drag ends, showing it on the canvas meanwhile', async () => {
    const wrapper = mountCanvas();
    await flushPromises();
    const flow = wrapper.getComponent(VueFlow);
    await wrapper.get('[data-canvas]').trigger('pointerdown');
    flow.vm.$emit('nodesChange', [{ type: 'select', id: 'check', selected: false }, { type: 'select', id: 'assign', selected: true }]);
    flow.vm.$emit('nodeDragStart', { event: new MouseEvent('mousemove'), node: { id: 'assign' }, nodes: [] });
    window.dispatchEvent(new Event('pointerup'));
    expect(wrapper.emitted('select')).toBeUndefined();
    await flushPromises();
    expect(wrapper.get('[data-node-id="assign"]').classes()).toContain('pnode--selected');
    flow.vm.$emit('nodeDragStop', { event: new MouseEvent('mouseup'), node: { id: 'assign', position: { x: 700, y: 40 }, draggable: true }, nodes: [] });
    expect(wrapper.emitted('move')).toEqual([[[{ id: 'assign', position: { x: 700, y: 40 } }]]]);
    expect(wrapper.emitted('select')).toEqual([[{ nodes: ['assign'], edges: [] }]]);
    wrapper.unmount();
  });

  it('draws the minimap as one labelled picture framing the view, which the toggle removes', async () => {
    const wrapper = mountCanvas(false, true);
    await flushPromises();
    const picture = wrapper.get('[data-minimap] svg');
    expect(picture.attributes('role')).toBe('img');
    expect(picture.attributes('aria-label')).toBe('Мини-карта');
    expect(picture.get('.pminimap__view').attributes('d')).toMatch(/^M-?[\d.]+ -?[\d.]+h/);
    await wrapper.setProps({ minimap: false });
    expect(wrapper.find('[data-minimap]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('refuses a second edge from a taken branch while dragging (isValidConnection)', () => {
    const wrapper = mountCanvas();
    const validate = wrapper.props('validate');
    expect(validate({ source: 'check', sourceHandle: 'true', target: 'trigger' })).toBe(false);
    expect(validate({ source: 'check', sourceHandle: 'false', target: 'assign' })).toBe(true);
    wrapper.unmount();
  });

  it('draws each edge once its two steps are measured, from the output to the input, labelled with both', async () => {
    const wrapper = mountCanvas();
    await flushPromises();
    expect(wrapper.findAll('.vue-flow__edge')).toHaveLength(0);
    measureNodes(wrapper);
    await flushPromises();
    const edges = wrapper.findAll('.vue-flow__edge');
    expect(edges.map((e) => e.attributes('data-id'))).toEqual(['e0:trigger:out:check', 'e1:check:true:assign']);
    const branch = wrapper.get('.vue-flow__edge[data-id="e1:check:true:assign"]');
    // "Yes" is the condition's first output: 300 + 215 + 10, 0 + 10 + 5; the input of assign: 600 - 5, 0 + 27 + 5.
    expect(branch.get('path.vue-flow__edge-path').attributes('d')).toMatch(/^M525,15 C.* 595,32$/);
    expect(branch.get('path.vue-flow__edge-interaction').attributes('d')).toBe(branch.get('path.vue-flow__edge-path').attributes('d'));
    expect(branch.attributes('aria-label')).toMatch(/^Связь: «.+», ветка «да» → «.+»$/);
    expect(branch.attributes('aria-pressed')).toBe('false');
    wrapper.unmount();
  });

  it('selects an edge by click or Enter, adds one with Shift, and a click on the empty canvas clears the selection', async () => {
    const wrapper = mountCanvas();
    await flushPromises();
    measureNodes(wrapper);
    await flushPromises();
    await wrapper.get('.vue-flow__edge[data-id="e1:check:true:assign"]').trigger('click');
    await wrapper.get('.vue-flow__edge[data-id="e0:trigger:out:check"]').trigger('keydown', { key: 'Enter', shiftKey: true });
    const flow = wrapper.getComponent(VueFlow);
    // Vue Flow tells the pane click first, then unselects the nodes it holds selected, in the same turn.
    flow.vm.$emit('paneClick', new MouseEvent('click'));
    flow.vm.$emit('nodesChange', [{ type: 'select', id: 'check', selected: false }]);
    expect(wrapper.emitted('select')).toEqual([
      [{ nodes: [], edges: ['e1:check:true:assign'] }],
      [{ nodes: [], edges: ['e1:check:true:assign', 'e0:trigger:out:check'] }],
      [{ nodes: [], edges: [] }],
      [{ nodes: [], edges: [] }],
    ]);
    wrapper.unmount();
  });

  it('a box drawn with Shift selects the steps inside and their connections, told once on release', async () => {
    const wrapper = mountCanvas();
    await flushPromises();
    measureNodes(wrapper);
    await flushPromises();
    const flow = wrapper.getComponent(VueFlow);
    await wrapper.get('[data-canvas]').trigger('pointerdown');
    // The box moves off "check" onto "assign": Vue Flow reports both while the button is down.
    flow.vm.$emit('nodesChange', [
      { type: 'select', id: 'check', selected: false },
      { type: 'select', id: 'assign', selected: true },
    ]);
    flow.vm.$emit('selectionEnd', new MouseEvent('pointerup'));
    expect(wrapper.emitted('select')).toBeUndefined();
    window.dispatchEvent(new Event('pointerup'));
    // "assign" has one connection (from the condition's "yes"); the trigger's goes to "check" only.
    expect(wrapper.emitted('select')).toEqual([[{ nodes: ['assign'], edges: ['e1:check:true:assign'] }]]);
    wrapper.unmount();
  });

  it('shows a selected edge as selected', async () => {
    const process = bigDealProcess();
    const graph = createProcessGraphMapper()({ app: designerApp(process), process, problems: [], lints: [], selectedNodes: new Set(), selectedEdges: new Set(['e1:check:true:assign']), run: null, matches: new Set() });
    const wrapper = mount(ProcessCanvas, {
      props: { nodes: graph.nodes, edges: graph.edges, minimap: false, label: 'Diagram', validate: () => true },
      global: { plugins: [createAppI18n('en')] },
      attachTo: document.body,
    });
    await flushPromises();
    measureNodes(wrapper as unknown as ReturnType<typeof mountCanvas>);
    await flushPromises();
    const edge = wrapper.get('.vue-flow__edge[data-id="e1:check:true:assign"]');
    expect(edge.classes()).toContain('selected');
    expect(edge.attributes('aria-pressed')).toBe('true');
    expect(edge.attributes('aria-label')).toMatch(/^Connection: “.+”, branch “yes” → “.+”$/);
    wrapper.unmount();
  });
});
