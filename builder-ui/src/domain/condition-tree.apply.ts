import { OPERATORS_BY_FAMILY, TRIGGER_OPERATORS, type ConditionOperator, type ValueFamily } from '@crm/schemas';

/*
 * Pure edits of a condition tree ({field, op, value} leaves in and / or / not groups) as the
 * condition editor makes them. Each returns a new tree and shares the untouched parts. A path is
 * the list of keys from the root to a node: ['and', 1, 'not'] is the negated second clause of the
 * root group. The JSON pointer of a checker's issue is the same path written "/and/1/not".
 */

export type TreePath = ReadonlyArray<string | number>;
export type GroupKind = 'and' | 'or';
export type OperandShape = 'none' | 'one' | 'list' | 'pair';

export interface Leaf {
  field: string;
  op: ConditionOperator;
  value?: unknown;
}

export type TreeNode =
  | { kind: 'group'; group: GroupKind; children: unknown[] }
  | { kind: 'not'; inner: unknown }
  | { kind: 'leaf'; leaf: Leaf }
  | { kind: 'invalid' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOperator(value: unknown): value is ConditionOperator {
  return typeof value === 'string' && Object.values(OPERATORS_BY_FAMILY).some((ops) => ops.some((op) => op === value));
}

/** What a node of the tree is. */
export function nodeOf(node: unknown): TreeNode {
  if (!isObject(node)) return { kind: 'invalid' };
  const and = node['and'];
  const or = node['or'];
  if (Array.isArray(and)) return { kind: 'group', group: 'and', children: and };
  if (Array.isArray(or)) return { kind: 'group', group: 'or', children: or };
  if ('not' in node) return { kind: 'not', inner: node['not'] };
  const field = node['field'];
  const op = node['op'];
  if (typeof field === 'string' && isOperator(op)) return { kind: 'leaf', leaf: 'value' in node ? { field, op, value: node['value'] } : { field, op } };
  return { kind: 'invalid' };
}

/** The operand an operator takes (the condition language's table, condition.operators.ts). */
export function operandShapeOf(op: ConditionOperator): OperandShape {
  switch (op) {
    case 'isEmpty':
    case 'isNotEmpty':
    case 'changed':
      return 'none';
    case 'in':
    case 'nin':
      return 'list';
    case 'between':
      return 'pair';
    default:
      return 'one';
  }
}

/** The operators a subject of the family takes; every operator when the family is unknown (untyped). */
export function operatorsFor(family: ValueFamily | undefined, triggerOps: boolean): ConditionOperator[] {
  const all = family === undefined ? [...new Set(Object.values(OPERATORS_BY_FAMILY).flat())] : [...OPERATORS_BY_FAMILY[family]];
  return triggerOps ? all : all.filter((op) => !TRIGGER_OPERATORS.includes(op));
}

export function nodeAt(tree: unknown, path: TreePath): unknown {
  let current = tree;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isObject(current) && typeof key === 'string') current = current[key];
    else return undefined;
  }
  return current;
}

/** A copy of the tree with the node at `path` replaced by `update(node)`; undefined removes an object member. */
export function updateAt(tree: unknown, path: TreePath, update: (node: unknown) => unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return update(tree);
  if (Array.isArray(tree) && typeof key === 'number') return tree.map((item, i) => (i === key ? updateAt(item, rest, update) : item));
  if (isObject(tree) && typeof key === 'string') {
    const next = updateAt(tree[key], rest, update);
    const copy = { ...tree };
    if (next === undefined) delete copy[key];
    else copy[key] = next;
    return copy;
  }
  return tree;
}

/** A new clause on the first field offered, with that field's first operator. */
export function newLeaf(field: string, family: ValueFamily | undefined): Leaf {
  const op = operatorsFor(family, false)[0] ?? 'eq';
  return withOperand({ field, op }, family);
}

function emptyOperand(shape: OperandShape, family: ValueFamily | undefined): unknown {
  switch (shape) {
    case 'none':
      return undefined;
    case 'list':
      return [];
    case 'pair':
      return [null, null];
    case 'one':
      return family === 'boolean' ? true : null;
  }
}

function withOperand(leaf: Leaf, family: ValueFamily | undefined): Leaf {
  const value = emptyOperand(operandShapeOf(leaf.op), family);
  return value === undefined ? { field: leaf.field, op: leaf.op } : { field: leaf.field, op: leaf.op, value };
}

/** Adds a clause (or a group) at the end of the group at `path`; a lone clause at the root becomes "this and the new one". */
export function addChild(tree: unknown, path: TreePath, child: unknown): unknown {
  if (tree === undefined || tree === null) return child;
  const node = nodeOf(nodeAt(tree, path));
  if (node.kind === 'group') return updateAt(tree, [...path, node.group], (list) => [...(Array.isArray(list) ? list : []), child]);
  return updateAt(tree, path, (current) => ({ and: [current, child] }));
}

/** A new group of the other kind (and inside or, or inside and) holding one clause. */
export function newGroup(kind: GroupKind, clause: Leaf): unknown {
  return { [kind]: [clause] };
}

/** Removes the node at `path`: from its group, or, for the root or a negated node, the whole wrapper. */
export function removeAt(tree: unknown, path: TreePath): unknown {
  if (path.length === 0) return undefined;
  const last = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  if (typeof last === 'number') return updateAt(tree, parentPath, (list) => (Array.isArray(list) ? list.filter((_, i) => i !== last) : list));
  // The inner node of a not: the not goes with it.
  return removeAt(tree, parentPath);
}

export function setGroupKind(tree: unknown, path: TreePath, kind: GroupKind): unknown {
  return updateAt(tree, path, (node) => {
    const current = nodeOf(node);
    return current.kind === 'group' ? { [kind]: current.children } : node;
  });
}

/** Wraps the node in not, or unwraps a not. */
export function toggleNot(tree: unknown, path: TreePath): unknown {
  return updateAt(tree, path, (node) => {
    const current = nodeOf(node);
    return current.kind === 'not' ? current.inner : { not: node };
  });
}

/** A new field: the operator stays when the new field takes it, else the first it takes; the value is reset. */
export function setLeafField(tree: unknown, path: TreePath, field: string, family: ValueFamily | undefined, triggerOps: boolean): unknown {
  return updateAt(tree, path, (node) => {
    const current = nodeOf(node);
    const allowed = operatorsFor(family, triggerOps);
    const op = current.kind === 'leaf' && allowed.includes(current.leaf.op) ? current.leaf.op : (allowed[0] ?? 'eq');
    return withOperand({ field, op }, family);
  });
}

/** A new operator: the value is kept when the operand keeps its shape (gt -> gte), else reset (eq -> in). */
export function setLeafOperator(tree: unknown, path: TreePath, op: ConditionOperator, family: ValueFamily | undefined): unknown {
  return updateAt(tree, path, (node) => {
    const current = nodeOf(node);
    if (current.kind !== 'leaf') return node;
    const { leaf } = current;
    if (operandShapeOf(leaf.op) === operandShapeOf(op) && leaf.value !== undefined) return { field: leaf.field, op, value: leaf.value };
    return withOperand({ field: leaf.field, op }, family);
  });
}

export function setLeafValue(tree: unknown, path: TreePath, value: unknown): unknown {
  return updateAt(tree, path, (node) => (isObject(node) ? { ...node, value } : node));
}

/** The path of a checker issue's JSON pointer ("/and/1/value" -> ['and', 1, 'value']). */
export function pointerPath(pointer: string): Array<string | number> {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((token) => (/^\d+$/.test(token) ? Number(token) : token));
}

/** Whether `path` is `prefix` or lies under it. */
export function isWithin(path: TreePath, prefix: TreePath): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => path[i] === key);
}
