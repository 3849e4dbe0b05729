import { describe, expect, it } from 'vitest';
import { validateApp, type App } from '@crm/schemas';
import { applyDraftChange, type DraftChange } from './definition-draft.apply.js';
import {
  addNodeChange,
  connectChange,
  copyNodes,
  createProcessChange,
  deleteElementsChange,
  disconnectChange,
  findProcess,
  moveNodesChange,
  pasteNodesChange,
  setConfigMemberChange,
  setNodeLabelChange,
  setTriggerChange,
  setTriggerMemberChange,
  type ProcessRef,
} from './process-graph.apply.js';
import { bigDealProcess, designerApp } from './process-graph.fixtures.js';

function isApp(value: unknown): value is App {
  return typeof value === 'object' && value !== null && 'entities' in value;
}

function run(app: App, change: DraftChange | null): App {
  if (!change) throw new Error('no change');
  const applied = applyDraftChange(app, change, isApp);
  // Every builder's change undoes exactly.
  expect(applyDraftChange(applied.document, applied.inverse, isApp).document).toEqual(app);
  return applied.document;
}

function ref(app: App): ProcessRef {
  const found = findProcess(app, 'big_deal');
  if (!found) throw new Error('no process');
  return found;
}

describe('process-graph.apply', () => {
  it('creates a process with its trigger, then the palette adds a condition after it with a default config that validates', () => {
    let app = designerApp();
    app = run(app, createProcessChange(app, { name: 'big_deal', label: { ru: 'Крупные', en: 'Big' }, trigger: { type: 'record', entity: 'deal', on: ['create'] } }, 'New'));
    const added = addNodeChange(app, ref(app), { type: 'condition', position: { x: 300.4, y: 0 }, after: { from: 'trigger', handle: 'out' }, label: 'Add' });
    expect(added.nodeId).toBe('condition_1');
    app = run(app, added.change);
    const process = ref(app).process;
    expect(process.nodes[0]).toEqual({ id: 'condition_1', type: 'condition', position: { x: 300, y: 0 }, config: { condition: { field: 'amount', op: 'gt', value: 0 } } });
    expect(process.edges).toEqual([{ from: 'trigger', to: 'condition_1' }]);
    // Only the open branches are left to fix.
    const result = validateApp(app);
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual(['UNCONNECTED_HANDLE', 'UNCONNECTED_HANDLE']);
  });

  it('moves, connects on a branch and disconnects', () => {
    let app = designerApp(bigDealProcess());
    app = run(app, moveNodesChange(ref(app), [{ id: 'check', position: { x: 10, y: 20 } }, { id: 'trigger', position: { x: 0, y: 0 } }], 'Move'));
    expect(ref(app).process.nodes[0]?.position).toEqual({ x: 10, y: 20 });
    expect(moveNodesChange(ref(app), [{ id: 'check', position: { x: 10, y: 20 } }], 'Move')).toBeNull();
    app = run(app, connectChange(ref(app), { from: 'check', handle: 'false', to: 'assign' }, 'Connect'));
    expect(ref(app).process.edges[2]).toEqual({ from: 'check', to: 'assign', handle: 'false' });
    app = run(app, disconnectChange(ref(app), [0, 2], 'Disconnect'));
    expect(ref(app).process.edges).toEqual([{ from: 'check', to: 'assign', handle: 'true' }]);
  });

  it('deletes nodes with their edges and never the trigger', () => {
    let app = designerApp(bigDealProcess());
    app = run(app, deleteElementsChange(ref(app), ['check', 'trigger'], [], 'Delete'));
    expect(ref(app).process.nodes.map((n) => n.id)).toEqual(['assign']);
    expect(ref(app).process.edges).toEqual([]);
  });

  it('sets, creates and removes config members and labels', () => {
    let app = designerApp(bigDealProcess());
    app = run(app, setConfigMemberChange(app, ref(app), 'check', ['condition', 'value'], 150000, 'Edit'));
    expect(ref(app).process.nodes[0]?.config).toEqual({ condition: { field: 'amount', op: 'gt', value: 150000 } });
    app = run(app, setConfigMemberChange(app, ref(app), 'assign', ['retry', 'attempts'], 3, 'Edit'));
    expect(ref(app).process.nodes[1]?.config).toMatchObject({ retry: { attempts: 3 } });
    app = run(app, setConfigMemberChange(app, ref(app), 'assign', ['retry'], undefined, 'Edit'));
    expect(ref(app).process.nodes[1]?.config).not.toHaveProperty('retry');
    expect(setConfigMemberChange(app, ref(app), 'assign', ['missing', 'deep'], undefined, 'Edit')).toBeNull();
    app = run(app, setNodeLabelChange(ref(app), 'check', 'ru', 'Крупная?', 'Rename'));
    expect(ref(app).process.nodes[0]?.label).toEqual({ ru: 'Крупная?', en: 'Крупная?' });
    app = run(app, setNodeLabelChange(ref(app), 'check', 'en', 'Big?', 'Rename'));
    expect(ref(app).process.nodes[0]?.label).toEqual({ ru: 'Крупная?', en: 'Big?' });
  });

  it('pastes copies with fresh ids and the edges between them', () => {
    let app = designerApp(bigDealProcess());
    const clipboard = copyNodes(ref(app).process, ['check', 'assign']);
    if (!clipboard) throw new Error('nothing copied');
    expect(clipboard.edges).toEqual([{ from: 'check', to: 'assign', handle: 'true' }]);
    const pasted = pasteNodesChange(ref(app), clipboard, { x: 40, y: 40 }, 'Paste');
    expect(pasted.nodeIds).toEqual(['condition_1', 'assign_1']);
    app = run(app, pasted.change);
    const process = ref(app).process;
    expect(process.nodes[2]).toMatchObject({ id: 'condition_1', position: { x: 340, y: 40 } });
    expect(process.edges[2]).toEqual({ from: 'condition_1', to: 'assign_1', handle: 'true' });
  });

  it('replaces the trigger', () => {
    let app = designerApp(bigDealProcess());
    app = run(app, setTriggerChange(ref(app), { type: 'record', entity: 'deal', on: ['create', 'update'] }, 'Trigger'));
    expect(ref(app).process.trigger).toEqual({ type: 'record', entity: 'deal', on: ['create', 'update'] });
    app = run(app, setTriggerMemberChange(app, ref(app), ['condition'], { field: 'amount', op: 'changed' }, 'Trigger'));
    expect(ref(app).process.trigger).toMatchObject({ condition: { field: 'amount', op: 'changed' } });
  });
});
