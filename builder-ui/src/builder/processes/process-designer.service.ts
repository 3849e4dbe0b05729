import { computed, shallowRef, type ComputedRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { NODE_TYPES, type Node, type Position, type Trigger } from '@crm/schemas';
import { useDefinitionDraftStore } from '../../stores/definition-draft.store.js';
import { useProcessEditorStore } from '../../stores/process-editor.store.js';
import { processProblems, type ProcessProblem } from '../../domain/draft-issues.mapping.js';
import { lintProcess, type GraphLint } from '../../domain/graph-lint.rules.js';
import { connectionRefusal, firstFreeHandle } from '../../domain/connection.rules.js';
import { searchNodes } from '../../domain/node-search.rules.js';
import { autoLayoutChange, NODE_WIDTH } from '../../domain/graph-layout.apply.js';
import { freePlace } from '../../domain/node-placement.rules.js';
import { createProcessGraphMapper, TRIGGER_NODE, type ProcessGraph } from '../../domain/process-graph.mapping.js';
import {
  addNodeChange,
  connectChange,
  copyNodes,
  deleteElementsChange,
  findProcess,
  moveNodesChange,
  pasteNodesChange,
  setConfigChange,
  setConfigMemberChange,
  setNodeLabelChange,
  setTriggerChange,
  setTriggerMemberChange,
  type ProcessRef,
} from '../../domain/process-graph.apply.js';
import type { DraftChange, JsonPath } from '../../domain/definition-draft.apply.js';

/*
 * The designer's screen logic: reads the draft (the process) and the editor store (selection,
 * clipboard, search, test run), turns the canvas's intents into DraftChanges from domain/, and
 * maps the process for the canvas. Components stay thin; every edit goes through the draft's undo.
 */

export function useProcessDesigner(name: Ref<string>) {
  const draft = useDefinitionDraftStore();
  const editor = useProcessEditorStore();
  const { t, locale } = useI18n();
  const notice = shallowRef<string | null>(null);
  const mapper = createProcessGraphMapper();

  const ref: ComputedRef<ProcessRef | null> = computed(() => (draft.document ? findProcess(draft.document, name.value) : null));
  const process = computed(() => ref.value?.process ?? null);

  const problems = computed<ProcessProblem[]>(() => (ref.value ? processProblems(draft.issues, ref.value.index, ref.value.process) : []));
  // Apart from the validator's answer, so that answer (it comes from a worker after each edit) does not lint the graph again.
  const graphLints = computed<GraphLint[]>(() => (process.value ? lintProcess(process.value) : []));
  const lints = computed<GraphLint[]>(() => {
    // The validator already says a node is not reached (ORPHAN_NODE): one entry is enough.
    const orphans = new Set(problems.value.filter((p) => p.code === 'ORPHAN_NODE').map((p) => p.nodeId));
    return orphans.size === 0 ? graphLints.value : graphLints.value.filter((l) => !(l.code === 'UNREACHABLE' && orphans.has(l.nodeId)));
  });
  const matches = computed(() => new Set(process.value && editor.panels.search ? searchNodes(process.value, editor.searchQuery) : []));

  const graph = computed<ProcessGraph>(() => {
    const current = ref.value;
    if (!current || !draft.document) return { nodes: [], edges: [] };
    return mapper({
      app: draft.document,
      process: current.process,
      problems: problems.value,
      lints: lints.value,
      selectedNodes: editor.selectedNodes,
      selectedEdges: editor.selectedEdges,
      run: editor.testRun,
      matches: matches.value,
    });
  });

  const selectedNode = computed<Node | null>(() => {
    if (editor.selectedNodes.size !== 1) return null;
    const [id] = editor.selectedNodes;
    return process.value?.nodes.find((n) => n.id === id) ?? null;
  });
  const triggerSelected = computed(() => editor.selectedNodes.size === 1 && editor.selectedNodes.has(TRIGGER_NODE));

  function apply(change: DraftChange | null): boolean {
    if (!change) return false;
    draft.apply(change);
    notice.value = null;
    return true;
  }

  function typeWords(type: Node['type']): string {
    const label = NODE_TYPES[type].label;
    return locale.value === 'ru' ? (label.ru ?? label.en) : label.en;
  }

  function positionOf(id: string): Position {
    return graph.value.nodes.find((n) => n.id === id)?.position ?? { x: 0, y: 0 };
  }

  /** Adds a step: after `after` (or the selected step, or the trigger) on its first free output. */
  function addNode(type: Node['type'], options: { position?: Position; after?: string | null; fallback?: Position } = {}): string | null {
    const current = ref.value;
    if (!current || !draft.document) return null;
    const [selected] = editor.selectedNodes;
    const anchor = options.after !== undefined ? options.after : (selected ?? TRIGGER_NODE);
    const handle = anchor ? firstFreeHandle(current.process, anchor) : null;
    const after = anchor && handle ? { from: anchor, handle } : undefined;
    // A place of our choosing (beside the anchor, or the fallback) is never on top of another step.
    const taken = options.position ? [] : graph.value.nodes.map((n) => n.position);
    let position = options.position ?? freePlace(options.fallback ?? { x: 0, y: 0 }, taken);
    if (!options.position && after) {
      const from = positionOf(after.from);
      const handleIndex = Math.max(0, graph.value.nodes.find((n) => n.id === after.from)?.data.handles.findIndex((h) => h.id === after.handle) ?? 0);
      position = freePlace({ x: from.x + NODE_WIDTH + 80, y: from.y + handleIndex * 120 }, taken);
    }
    const added = addNodeChange(draft.document, current, { type, position, after, label: t('processes.change.addNode', { type: typeWords(type) }) });
    apply(added.change);
    editor.applySelection([added.nodeId]);
    return added.nodeId;
  }

  function connect(connection: { source: string; sourceHandle: string | null; target: string }): void {
    const current = ref.value;
    if (!current) return;
    const refusal = connectionRefusal(current.process, connection);
    if (refusal) {
      notice.value = t(`processes.refusal.${refusal}`);
      return;
    }
    apply(connectChange(current, { from: connection.source, handle: connection.sourceHandle ?? 'out', to: connection.target }, t('processes.change.connect')));
  }

  function move(moves: ReadonlyArray<{ id: string; position: Position }>): void {
    if (ref.value) apply(moveNodesChange(ref.value, moves, t('processes.change.move')));
  }

  function nudge(dx: number, dy: number): void {
    const moves = [...editor.selectedNodes].filter((id) => id !== TRIGGER_NODE).map((id) => {
      const p = positionOf(id);
      return { id, position: { x: p.x + dx, y: p.y + dy } };
    });
    move(moves);
  }

  function deleteSelection(nodes: readonly string[] = [...editor.selectedNodes], edges: readonly string[] = [...editor.selectedEdges]): void {
    const current = ref.value;
    if (!current) return;
    const edgeIndexes = graph.value.edges.filter((e) => edges.includes(e.id)).map((e) => e.data.index);
    if (apply(deleteElementsChange(current, nodes, edgeIndexes, t('processes.change.delete')))) editor.applySelection([]);
  }

  function copy(): void {
    if (process.value) editor.applyClipboard(copyNodes(process.value, [...editor.selectedNodes]));
  }

  function paste(): void {
    const current = ref.value;
    if (!current || !editor.clipboard) return;
    const offset = editor.applyPasted();
    const pasted = pasteNodesChange(current, editor.clipboard, { x: offset, y: offset }, t('processes.change.paste'));
    apply(pasted.change);
    editor.applySelection(pasted.nodeIds);
  }

  function layout(): void {
    if (ref.value) apply(autoLayoutChange(ref.value, t('processes.change.layout')));
  }

  function setConfigMember(nodeId: string, path: JsonPath, value: unknown): void {
    if (ref.value && draft.document) apply(setConfigMemberChange(draft.document, ref.value, nodeId, path, value, t('processes.change.config')));
  }

  function setConfig(nodeId: string, config: unknown): void {
    if (ref.value) apply(setConfigChange(ref.value, nodeId, config, t('processes.change.config')));
  }

  function setLabel(nodeId: string, lang: 'ru' | 'en', text: string): void {
    if (ref.value) apply(setNodeLabelChange(ref.value, nodeId, lang, text, t('processes.change.label')));
  }

  function setTriggerMember(path: JsonPath, value: unknown): void {
    if (ref.value && draft.document) apply(setTriggerMemberChange(draft.document, ref.value, path, value, t('processes.change.trigger')));
  }

  function setTrigger(trigger: Trigger): void {
    if (ref.value) apply(setTriggerChange(ref.value, trigger, t('processes.change.trigger')));
  }

  return {
    draft,
    editor,
    notice,
    process,
    problems,
    lints,
    graph,
    matches,
    selectedNode,
    triggerSelected,
    addNode,
    connect,
    move,
    nudge,
    deleteSelection,
    copy,
    paste,
    layout,
    setConfigMember,
    setConfig,
    setLabel,
    setTrigger,
    setTriggerMember,
    validate: (c: { source: string; sourceHandle?: string | null; target: string }) => (process.value ? connectionRefusal(process.value, c) === null : false),
  };
}

export type ProcessDesigner = ReturnType<typeof useProcessDesigner>;
