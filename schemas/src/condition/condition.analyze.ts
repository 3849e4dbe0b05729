import type { App, ConditionOperator } from '../../generated/definition.types.js';
import { buildCatalog, type DefinitionCatalog } from '../definition/definition.catalog.js';
import { joinPointer } from '../issues/json-pointer.js';
import { resolvePath, type FieldInfo, type ResolvedPath } from './condition.fields.js';
import { issue } from './condition.messages.js';
import { isDynamic, parseOperand, type Operand, type OperandSpec } from './condition.operands.js';
import {
  MAX_DEPTH,
  MAX_LIST_VALUES,
  OPERATORS_BY_FAMILY,
  isOperator,
  isTriggerOperator,
  operandShape,
  operatorAllowed,
} from './condition.operators.js';
import { resolveSubject, valueFieldInfo, type SubjectFailure, type ValueSubject } from './condition.subjects.js';
import type { ValueFamily } from './condition.operators.js';
import type { ConditionIssue, ConditionScope, FieldVisibility, LocalizedMessage } from './condition.types.js';

/**
 * The one walk over a condition: checks it against the app and, when it is sound, turns it into a
 * plan (fields resolved to columns and types, operands parsed) that the predicate and the SQL
 * compiler both execute.
 */

export type ConditionPlan =
  | { kind: 'and'; items: ConditionPlan[] }
  | { kind: 'or'; items: ConditionPlan[] }
  | { kind: 'not'; item: ConditionPlan }
  | LeafPlan;

export interface LeafPlan {
  kind: 'leaf';
  path: ResolvedPath;
  op: ConditionOperator;
  operands: OperandSpec;
  /** Absent: the record's field at `path`. A value: read from the scope (process nodes). */
  subject?: ValueSubject;
}

export interface AnalyzeOptions {
  app: App;
  entity: string;
  allowTriggerOps: boolean;
  isFieldVisible?: FieldVisibility | undefined;
  /** Process nodes: the values besides the record the condition may read (`entity` is then unused). */
  scope?: ConditionScope | undefined;
}

export type Analysis = { ok: true; plan: ConditionPlan } | { ok: false; issues: ConditionIssue[] };

const FIELD_PATTERN = /^[a-z$][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
/** In a scope, paths also reach JSON keys and node ids (camelCase, digits, hyphens) and array items. */
const SCOPED_FIELD_PATTERN = /^\$?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)*$/;
const LEAF_KEYS = new Set(['field', 'op', 'value']);

export function appTimeZone(app: App): string {
  return app.settings?.timezone ?? 'Europe/Moscow';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function detail(ru: string, en: string): { detail: LocalizedMessage } {
  return { detail: { ru, en } };
}

class Walker {
  readonly issues: ConditionIssue[] = [];
  private readonly timeZone: string;

  constructor(
    private readonly options: AnalyzeOptions,
    private readonly catalog: DefinitionCatalog,
  ) {
    this.timeZone = appTimeZone(options.app);
  }

  node(node: unknown, pointer: string, depth: number): ConditionPlan | undefined {
    if (depth > MAX_DEPTH) {
      this.issues.push(issue(pointer, 'too-deep', { max: MAX_DEPTH }));
      return undefined;
    }
    if (!isRecord(node)) {
      this.issues.push(issue(pointer, 'invalid-condition', detail(
        'ожидается объект {field, op, value}, {and: [...]}, {or: [...]} или {not: {...}}.',
        'expected an object {field, op, value}, {and: [...]}, {or: [...]} or {not: {...}}.',
      )));
      return undefined;
    }
    const keys = Object.keys(node);
    const logical = keys.filter((key) => key === 'and' || key === 'or' || key === 'not');
    if (logical.length > 0) {
      if (keys.length !== 1) {
        this.issues.push(issue(pointer, 'invalid-condition', detail(
          `«${logical[0]}» должен быть единственным ключом объекта.`,
          `"${logical[0]}" must be the only key of its object.`,
        )));
        return undefined;
      }
      return 'not' in node ? this.not(node.not, pointer, depth) : this.group(node, pointer, depth);
    }
    return this.leaf(node, pointer);
  }

  private not(inner: unknown, pointer: string, depth: number): ConditionPlan | undefined {
    const item = this.node(inner, `${pointer}/not`, depth + 1);
    return item ? { kind: 'not', item } : undefined;
  }

  private group(node: Record<string, unknown>, pointer: string, depth: number): ConditionPlan | undefined {
    const kind = 'and' in node ? 'and' : 'or';
    const list = node[kind];
    if (!Array.isArray(list)) {
      this.issues.push(issue(`${pointer}/${kind}`, 'invalid-condition', detail(
        `«${kind}» ждёт список условий.`,
        `"${kind}" takes a list of conditions.`,
      )));
      return undefined;
    }
    const items: ConditionPlan[] = [];
    let sound = true;
    list.forEach((child: unknown, index) => {
      const plan = this.node(child, `${pointer}/${kind}/${index}`, depth + 1);
      if (plan) items.push(plan);
      else sound = false;
    });
    return sound ? { kind, items } : undefined;
  }

  private leaf(node: Record<string, unknown>, pointer: string): ConditionPlan | undefined {
    const before = this.issues.length;
    for (const key of Object.keys(node)) {
      if (!LEAF_KEYS.has(key)) {
        this.issues.push(issue(joinPointer(pointer, key), 'invalid-condition', detail(
          `неизвестный ключ «${key}»; у условия на поле есть только field, op и value.`,
          `unknown key "${key}"; a field condition has only field, op and value.`,
        )));
      }
    }
    const { field, op } = node;
    const pattern = this.options.scope ? SCOPED_FIELD_PATTERN : FIELD_PATTERN;
    if (typeof field !== 'string' || !pattern.test(field)) {
      this.issues.push(issue(`${pointer}/field`, 'invalid-condition', detail(
        '«field» — имя поля или путь через связи, например "amount" или "company.city".',
        '"field" is a field name or a path through relations, such as "amount" or "company.city".',
      )));
    }
    if (!isOperator(op)) {
      this.issues.push(issue(`${pointer}/op`, 'unknown-operator', { op }));
    }
    if (this.issues.length > before || typeof field !== 'string' || !isOperator(op)) return undefined;
    const resolved = this.options.scope ? this.scoped(this.options.scope, field, op, node.value, pointer) : { path: this.field(field, pointer) };
    const info = resolved?.path;
    if (!info || !this.operator(info, field, op, pointer)) return undefined;
    const operands = this.operands(node, info.leaf, field, op, pointer);
    if (!operands) return undefined;
    return resolved.subject ? { kind: 'leaf', path: info, op, operands, subject: resolved.subject } : { kind: 'leaf', path: info, op, operands };
  }

  private scoped(scope: ConditionScope, field: string, op: ConditionOperator, value: unknown, pointer: string): { path?: ResolvedPath | undefined; subject?: ValueSubject } | undefined {
    const found = resolveSubject(this.catalog, scope, field, this.options.isFieldVisible);
    if (!found.ok) {
      this.issues.push(this.subjectIssue(found.failure, field, pointer));
      return undefined;
    }
    if (found.kind === 'record') return { path: this.comparable(found.path, pointer) };
    const leaf = found.leaf === 'untyped' ? { family: untypedFamily(op, value) } : found.leaf;
    return { path: { hops: [], leaf: valueFieldInfo(field, leaf) }, subject: found.subject };
  }

  private subjectIssue(failure: SubjectFailure, field: string, pointer: string): ConditionIssue {
    const at = `${pointer}/field`;
    switch (failure.code) {
      case 'record':
        return failure.failure.code === 'unknown-field'
          ? issue(at, 'unknown-field', { entity: failure.failure.entity, field: failure.failure.field })
          : issue(at, 'not-traversable', { entity: failure.failure.entity, field: failure.failure.field, path: field });
      case 'unavailable':
        return issue(at, 'subject-unavailable', { field, reason: failure.reason });
      case 'unknown-key':
        return issue(at, 'unknown-key', { path: failure.path, key: failure.key });
      case 'invalid':
        return issue(at, 'invalid-condition', detail(
          '«field» — путь к значению, например "record.amount", "trigger.body.total" или "steps.fetch.status".',
          '"field" is a path to a value, such as "record.amount", "trigger.body.total" or "steps.fetch.status".',
        ));
    }
  }

  private field(field: string, pointer: string): ResolvedPath | undefined {
    const { entity, isFieldVisible } = this.options;
    const resolved = resolvePath(this.catalog, entity, field, isFieldVisible);
    if (!resolved.ok) {
      const { failure } = resolved;
      this.issues.push(
        failure.code === 'unknown-field'
          ? issue(`${pointer}/field`, 'unknown-field', { entity: failure.entity, field: failure.field })
          : issue(`${pointer}/field`, 'not-traversable', { entity: failure.entity, field: failure.field, path: field }),
      );
      return undefined;
    }
    return this.comparable(resolved.path, pointer);
  }

  private comparable(path: ResolvedPath, pointer: string): ResolvedPath | undefined {
    if (!path.leaf.comparable) {
      const { leaf } = path;
      this.issues.push(issue(`${pointer}/field`, 'unsupported-field', { entity: leaf.entity, field: leaf.name }));
      return undefined;
    }
    return path;
  }

  private operator(path: ResolvedPath, field: string, op: ConditionOperator, pointer: string): boolean {
    if (isTriggerOperator(op)) {
      if (!this.options.allowTriggerOps) {
        this.issues.push(issue(`${pointer}/op`, 'trigger-only-operator', { op }));
        return false;
      }
      if (path.hops.length > 0) {
        this.issues.push(issue(`${pointer}/field`, 'changed-through-relation', { op, path: field }));
        return false;
      }
    }
    const { family } = path.leaf;
    if (!operatorAllowed(family, op)) {
      const allowed = OPERATORS_BY_FAMILY[family].filter((candidate) => this.options.allowTriggerOps || !isTriggerOperator(candidate));
      this.issues.push(issue(`${pointer}/op`, 'operator-not-allowed', { op, field, family, allowed }));
      return false;
    }
    return true;
  }

  private operands(node: Record<string, unknown>, leaf: FieldInfo, field: string, op: ConditionOperator, pointer: string): OperandSpec | undefined {
    const raw = node.value;
    const at = `${pointer}/value`;
    const shape = operandShape(leaf.family, op);
    if (shape === 'none') {
      if (raw === undefined) return { shape: 'none' };
      this.issues.push(issue(at, 'unexpected-value', { op }));
      return undefined;
    }
    if (raw === undefined) {
      this.issues.push(issue(at, 'value-required', { op }));
      return undefined;
    }
    if (shape === 'one' || (shape === 'one-or-list' && !Array.isArray(raw))) return this.items([raw], leaf, field, [at]);
    if (shape === 'pair') {
      if (!Array.isArray(raw) || raw.length !== 2) {
        this.issues.push(issue(at, 'invalid-range', { op }));
        return undefined;
      }
      return this.items(raw, leaf, field, [`${at}/0`, `${at}/1`]);
    }
    if (!Array.isArray(raw)) {
      if (shape === 'list' && isDynamic(raw)) {
        const spec = this.items([raw], leaf, field, [at]);
        const source = spec?.shape === 'items' ? spec.items[0] : undefined;
        return source ? { shape: 'spread', source } : undefined;
      }
      this.issues.push(issue(at, 'invalid-list', { op }));
      return undefined;
    }
    if (raw.length > MAX_LIST_VALUES) {
      this.issues.push(issue(at, 'too-many-values', { max: MAX_LIST_VALUES }));
      return undefined;
    }
    return this.items(raw, leaf, field, raw.map((_item: unknown, index) => `${at}/${index}`));
  }

  private items(raws: readonly unknown[], leaf: FieldInfo, field: string, pointers: readonly string[]): OperandSpec | undefined {
    const items: Operand[] = [];
    raws.forEach((raw, index) => {
      const at = pointers[index] ?? '';
      const parsed = parseOperand(raw, leaf.family, this.timeZone);
      if (!parsed.ok) {
        this.issues.push(
          parsed.code === 'invalid-dynamic-value'
            ? issue(at, 'invalid-dynamic-value', { value: raw, detail: parsed.detail })
            : issue(at, 'invalid-value', { field, family: leaf.family, value: raw }),
        );
        return;
      }
      const { operand } = parsed;
      if (operand.kind === 'literal' && typeof operand.value === 'string' && leaf.options && !leaf.options.includes(operand.value)) {
        this.issues.push(issue(at, 'unknown-option', { field, value: operand.value, options: leaf.options }));
        return;
      }
      items.push(operand);
    });
    return items.length === raws.length ? { shape: 'items', items } : undefined;
  }
}

/**
 * The family an untyped value is compared in, taken from the operand: numbers compare as numbers,
 * booleans as booleans, "$now" / "$today" as instants, anything else (strings, "$user", no value)
 * as text. See README, "Subjects in processes".
 */
function untypedFamily(op: ConditionOperator, value: unknown): ValueFamily {
  const sample: unknown = Array.isArray(value) ? value[0] : value;
  if (op === 'isEmpty' || op === 'isNotEmpty') return 'text';
  if (typeof sample === 'number') return 'number';
  if (typeof sample === 'boolean') return 'boolean';
  if (sample === '$now' || sample === '$today' || (typeof sample === 'object' && sample !== null && '$now' in sample)) return 'datetime';
  return 'text';
}

/** Checks a condition and, when it has no issues, plans it. */
export function analyzeCondition(condition: unknown, options: AnalyzeOptions): Analysis {
  const catalog = buildCatalog(options.app);
  const entity = options.scope ? options.scope.entity : options.entity;
  if (entity !== undefined && !catalog.entity(entity)) {
    return { ok: false, issues: [issue('', 'unknown-entity', { entity })] };
  }
  const walker = new Walker(options, catalog);
  const plan = walker.node(condition, '', 0);
  return plan && walker.issues.length === 0 ? { ok: true, plan } : { ok: false, issues: walker.issues };
}
