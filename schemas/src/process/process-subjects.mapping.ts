import type { App, LocalizedText, Node, Process, Trigger } from '../../generated/definition.types.js';
import type { ConditionScope } from '../condition/condition.types.js';
import type { LocalizedMessage } from '../issues/definition-issue.types.js';
import { buildCatalog, type DefinitionCatalog } from '../definition/definition.catalog.js';
import type { JsonSchema } from '../record/record-schema.types.js';
import { DEFAULT_HANDLE } from './node-handle.catalog.js';
import { nodeOutputSchema, objectSchema, recordSchema, type NodeOutputContext } from './node-type.catalog.js';
import { triggerPayloadSchema } from './trigger-payload.catalog.js';

/*
 * The values a node of a process can read, and their JSON Schemas: the record (when the trigger
 * gives the run one), the trigger's payload, the outputs of the steps that can run before it, a
 * loop's item inside the loop's each branch, $user and $now. Publish checks conditions with it
 * and the builder's condition editor offers exactly these, so both accept the same subjects.
 *
 * "Can run before" is "is an ancestor in the graph": a step that is no ancestor can never have an
 * output when the node runs, so naming it is refused. A step that runs on some paths only is
 * allowed; on the others it reads as empty.
 */

export interface ValueSubject {
  /** What a condition's field starts with: 'record', 'trigger', 'steps.<nodeId>', '$user', '$now'. */
  root: string;
  label: LocalizedText;
  schema: JsonSchema;
}

export interface UnavailableSubject {
  /** 'record', 'steps.<nodeId>' or 'steps.<loopId>.item'. */
  root: string;
  reason: LocalizedMessage;
}

export interface NodeSubjects {
  /** The record's entity, when the run has a record. */
  entity: string | undefined;
  subjects: ValueSubject[];
  /** Subjects that exist in the process but not at this node, with why (for messages and pickers). */
  unavailable: UnavailableSubject[];
}

const USER_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    team: { type: ['string', 'null'] },
    manager: { type: ['string', 'null'], format: 'uuid' },
  },
  // Custom attributes of people are not declared in the definition: they read untyped.
};
const NOW_SCHEMA: JsonSchema = { type: 'string', format: 'date-time' };

/** The entity of the record a run is about, when its trigger gives it one. */
export function triggerRecordEntity(trigger: Trigger): string | undefined {
  return trigger.type === 'schedule' || trigger.type === 'webhook' ? undefined : trigger.entity;
}

interface Edges {
  next: Map<string, Array<{ to: string; handle: string }>>;
  previous: Map<string, string[]>;
}

function edgesOf(process: Process): Edges {
  const next = new Map<string, Array<{ to: string; handle: string }>>();
  const previous = new Map<string, string[]>();
  for (const edge of process.edges) {
    const out = next.get(edge.from) ?? [];
    out.push({ to: edge.to, handle: edge.handle ?? DEFAULT_HANDLE });
    next.set(edge.from, out);
    const into = previous.get(edge.to) ?? [];
    into.push(edge.from);
    previous.set(edge.to, into);
  }
  return { next, previous };
}

/*
 * What the subjects of every node of a process share: its edges and each step's output schema.
 * Publish asks for the subjects of each condition and switch node, and building them afresh made
 * checking a 300-step process quadratic (every condition rebuilt the outputs of every step before
 * it). Kept for one pass over an app that does not change meanwhile (a validation, keyed by the
 * objects themselves), never across edits.
 */
export interface SubjectsMemo {
  edges: Map<Process, Edges>;
  outputs: Map<Node, JsonSchema>;
}

export function subjectsMemo(): SubjectsMemo {
  return { edges: new Map(), outputs: new Map() };
}

/** Nodes from which `nodeId` can be reached (itself only when it is on a cycle). */
function ancestors(edges: Edges, nodeId: string): Set<string> {
  const seen = new Set<string>();
  const queue = [...(edges.previous.get(nodeId) ?? [])];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(edges.previous.get(id) ?? []));
  }
  return seen;
}

/** Nodes reached from `loopId` through `handle`, without passing through the loop again. */
function branchOf(edges: Edges, loopId: string, handle: string): Set<string> {
  const seen = new Set<string>();
  const queue = (edges.next.get(loopId) ?? []).filter((e) => e.handle === handle).map((e) => e.to);
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id) || id === loopId) continue;
    seen.add(id);
    queue.push(...(edges.next.get(id) ?? []).map((e) => e.to));
  }
  return seen;
}

const INSIDE_LOOP = ['index', 'count', 'id', 'item', 'entity'];
const AFTER_LOOP = ['count', 'done', 'entity'];

/** The loop's output as a node sees it: the item only inside the each branch. */
function loopOutputAt(schema: JsonSchema, inside: boolean, after: boolean): JsonSchema {
  const properties = schema['properties'];
  if (typeof properties !== 'object' || properties === null) return schema;
  const keep = new Set([...(inside ? INSIDE_LOOP : []), ...(after ? AFTER_LOOP : [])]);
  return objectSchema(Object.fromEntries(Object.entries(properties).filter(([key]) => keep.has(key))), ['count']);
}

function labelOf(node: Node): LocalizedText {
  return node.label ?? { ru: `Шаг ${node.id}`, en: `Step ${node.id}` };
}

/** The value subjects a node can read, for conditions, pickers and script types. */
export function subjectsAtNode(app: App, process: Process, nodeId: string, catalog: DefinitionCatalog = buildCatalog(app), memo: SubjectsMemo = subjectsMemo()): NodeSubjects {
  const entity = triggerRecordEntity(process.trigger);
  const known = entity !== undefined && catalog.entity(entity) ? entity : undefined;
  const ctx: NodeOutputContext = { app, catalog, entity: known };
  let edges = memo.edges.get(process);
  if (!edges) {
    edges = edgesOf(process);
    memo.edges.set(process, edges);
  }
  const before = ancestors(edges, nodeId);
  const subjects: ValueSubject[] = [];
  const unavailable: UnavailableSubject[] = [];
  if (known !== undefined) {
    subjects.push({ root: 'record', label: { ru: 'Запись', en: 'Record' }, schema: recordSchema(ctx, known) });
  } else {
    unavailable.push({
      root: 'record',
      reason: { ru: `у триггера ${process.trigger.type} нет записи`, en: `the ${process.trigger.type} trigger gives the run no record` },
    });
  }
  subjects.push({ root: 'trigger', label: { ru: 'Триггер', en: 'Trigger' }, schema: triggerPayloadSchema(process.trigger, ctx) });
  const seen = new Set<string>();
  for (const node of process.nodes) {
    if (seen.has(node.id) || node.id === 'trigger') continue;
    seen.add(node.id);
    const root = `steps.${node.id}`;
    if (!before.has(node.id)) {
      unavailable.push({ root, reason: { ru: `шаг «${node.id}» не выполняется раньше этого узла`, en: `step "${node.id}" does not run before this node` } });
      continue;
    }
    let schema = memo.outputs.get(node);
    if (!schema) {
      schema = nodeOutputSchema(app, node, known, catalog);
      memo.outputs.set(node, schema);
    }
    if (node.type === 'loop') {
      const inside = branchOf(edges, node.id, 'each').has(nodeId);
      schema = loopOutputAt(schema, inside, branchOf(edges, node.id, 'done').has(nodeId));
      if (!inside) {
        unavailable.push({
          root: `${root}.item`,
          reason: { ru: `элемент цикла «${node.id}» есть только в его ветке each`, en: `the item of loop "${node.id}" exists only in its each branch` },
        });
      }
    }
    subjects.push({ root, label: labelOf(node), schema });
  }
  subjects.push({ root: '$user', label: { ru: 'Пользователь', en: 'User' }, schema: USER_SCHEMA });
  subjects.push({ root: '$now', label: { ru: 'Сейчас', en: 'Now' }, schema: NOW_SCHEMA });
  return { entity: known, subjects, unavailable };
}

/** The subjects as the condition language takes them (process nodes only). */
export function conditionScopeOf(subjects: NodeSubjects): ConditionScope {
  return {
    ...(subjects.entity === undefined ? {} : { entity: subjects.entity }),
    roots: Object.fromEntries(subjects.subjects.filter((s) => s.root !== 'record').map((s) => [s.root, s.schema])),
    unavailable: Object.fromEntries(subjects.unavailable.map((u) => [u.root, u.reason])),
  };
}
