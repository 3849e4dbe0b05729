/*
 * A generated after-save process on `deal` of exactly `count` nodes (the end included), for the
 * designer scenario. It repeats the shape of a real sales process rather than a bare chain: a
 * condition with both branches (update the deal / assign a senior manager), merged into a task,
 * a wait and a notification, then the next block. Blocks sit in a grid (node.position), five per
 * row, as an analyst's tidy diagram would.
 */

type Position = { x: number; y: number };
interface GeneratedNode {
  id: string;
  type: string;
  position: Position;
  config?: Record<string, unknown>;
}
interface GeneratedEdge {
  from: string;
  to: string;
  handle?: string;
}
export interface GeneratedProcess {
  name: string;
  label: { en: string; ru: string };
  mode: 'after-save';
  trigger: { type: 'record'; entity: 'deal'; on: string[] };
  nodes: GeneratedNode[];
  edges: GeneratedEdge[];
}

const BLOCK = 6;
const BLOCKS_PER_ROW = 5;
const BLOCK_WIDTH = 860;
const ROW_HEIGHT = 280;

function blockNodes(b: number): GeneratedNode[] {
  const x = (b % BLOCKS_PER_ROW) * BLOCK_WIDTH;
  const y = Math.floor(b / BLOCKS_PER_ROW) * ROW_HEIGHT;
  const at = (dx: number, dy: number): Position => ({ x: x + dx, y: y + dy });
  return [
    { id: `check_${b}`, type: 'condition', position: at(0, 0), config: { condition: { field: 'amount', op: 'gt', value: 10_000 * (b + 1) } } },
    { id: `update_${b}`, type: 'update_record', position: at(200, -60), config: { values: { description: `Step ${b}: amount {{record.amount}}` } } },
    { id: `assign_${b}`, type: 'assign', position: at(200, 60), config: { strategy: 'role-least-loaded', role: 'senior_manager', field: 'owner' } },
    { id: `task_${b}`, type: 'create_task', position: at(400, 0), config: { title: `Call back ({{record.title}}), step ${b}`, due: 'P2D' } },
    { id: `wait_${b}`, type: 'wait', position: at(600, 0), config: { duration: 'P1D' } },
    { id: `notify_${b}`, type: 'notify', position: at(600, 120), config: { to: { $ref: 'record.owner' }, message: `Step ${b} done for {{record.title}}` } },
  ];
}

function blockEdges(b: number): GeneratedEdge[] {
  return [
    { from: `check_${b}`, to: `update_${b}`, handle: 'true' },
    { from: `check_${b}`, to: `assign_${b}`, handle: 'false' },
    { from: `update_${b}`, to: `task_${b}` },
    { from: `assign_${b}`, to: `task_${b}` },
    { from: `task_${b}`, to: `wait_${b}` },
    { from: `wait_${b}`, to: `notify_${b}` },
  ];
}

export function designerProcess(name: string, count: number): GeneratedProcess {
  if (count < 2) throw new Error(`a designer process needs at least 2 nodes, not ${count}`);
  const blocks = Math.floor((count - 1) / BLOCK);
  const nodes: GeneratedNode[] = [];
  const edges: GeneratedEdge[] = [];
  let last = 'trigger';
  for (let b = 0; b < blocks; b += 1) {
    nodes.push(...blockNodes(b));
    edges.push({ from: last, to: `check_${b}` }, ...blockEdges(b));
    last = `notify_${b}`;
  }
  const rowY = Math.ceil(blocks / BLOCKS_PER_ROW) * ROW_HEIGHT;
  for (let i = 0; nodes.length < count - 1; i += 1) {
    const id = `extra_notify_${i}`;
    nodes.push({ id, type: 'notify', position: { x: i * 200, y: rowY }, config: { to: { $ref: 'record.owner' }, message: `Extra ${i}` } });
    edges.push({ from: last, to: id });
    last = id;
  }
  nodes.push({ id: 'done', type: 'end', position: { x: (count - blocks * BLOCK) * 200, y: rowY } });
  edges.push({ from: last, to: 'done' });
  return {
    name,
    label: { en: `Bench designer, ${count} nodes`, ru: `Бенч дизайнера, ${count} узлов` },
    mode: 'after-save',
    trigger: { type: 'record', entity: 'deal', on: ['create', 'update'] },
    nodes,
    edges,
  };
}
