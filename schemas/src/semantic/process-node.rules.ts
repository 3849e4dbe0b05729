import type { Node, Process } from '../../generated/definition.types.js';
import { relationCardinality } from '../definition/definition.catalog.js';
import { isSystemField } from '../definition/system-field.catalog.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import type { ConditionScope } from '../condition/index.js';
import { conditionScopeOf, subjectsAtNode } from '../process/process-subjects.mapping.js';
import { conditionIssues } from './condition.rules.js';
import { jsonSchemaProblem } from '../process/node-output.validator.js';
import { DATE_LIKE, fieldReferenceIssues } from './field-reference.rules.js';
import { issue, repeatedNames, type ProcessScope, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import { conditionWords, words, type Words } from './subject.words.js';

/*
 * Node configs: the entities, fields, roles and processes they name exist; values written are
 * writable fields of the target entity; conditions type-check against the record they run on.
 */

interface NodeSite {
  ctx: RuleContext;
  process: Process;
  /** The entity of the triggering record, when the trigger has one. */
  entity: string | undefined;
  at: string;
  scope: ProcessScope;
  where: Words;
}

/** What a condition or switch node may read (record, trigger, earlier steps, loop item, $user, $now). */
function subjectsOf(site: NodeSite, node: Node): ConditionScope | undefined {
  // An unknown trigger entity is reported on the trigger; its conditions are not checked twice.
  if (site.entity !== undefined && !site.ctx.catalog.entity(site.entity)) return undefined;
  return conditionScopeOf(subjectsAtNode(site.ctx.app, site.process, node.id, site.ctx.catalog, site.ctx.subjects));
}

function configAt(site: NodeSite, ...tokens: Array<string | number>): string {
  return joinPointer(site.at, 'config', ...tokens);
}

function noRecord(site: NodeSite): DefinitionIssue {
  return issue('NO_RECORD_CONTEXT', site.at, m.noRecordContext(site.where, site.process.trigger.type), site.scope);
}

function missingConfig(site: NodeSite, what: { ru: string; en: string }): DefinitionIssue {
  return issue('MISSING_CONFIG', joinPointer(site.at, 'config'), m.missingConfig(site.where, what), site.scope);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** {"role": name} references in a user value or a list of them. */
function roleReferenceIssues(site: NodeSite, value: unknown, tokens: Array<string | number>): DefinitionIssue[] {
  if (Array.isArray(value)) return value.flatMap((item, k) => roleReferenceIssues(site, item, [...tokens, k]));
  if (!isRecord(value) || typeof value['role'] !== 'string') return [];
  const role = value['role'];
  return site.ctx.catalog.role(role) ? [] : [issue('UNKNOWN_ROLE', configAt(site, ...tokens, 'role'), m.unknownRole(site.where, role), site.scope)];
}

function valuesIssues(site: NodeSite, entity: string, values: Record<string, unknown>): DefinitionIssue[] {
  if (!site.ctx.catalog.entity(entity)) return [];
  const issues: DefinitionIssue[] = [];
  for (const key of Object.keys(values)) {
    const pointer = configAt(site, 'values', key);
    if (key === 'owner') continue;
    const field = site.ctx.catalog.field(entity, key);
    const readOnly = isSystemField(key) || field?.type === 'formula' || (field?.type === 'relation' && relationCardinality(field) === 'one-to-many');
    if (readOnly) issues.push(issue('READ_ONLY_FIELD', pointer, m.readOnlyField(site.where, entity, key), site.scope));
    else if (!field) issues.push(issue('UNKNOWN_FIELD', pointer, m.unknownField(site.where, entity, key), site.scope));
  }
  return issues;
}

function missingRequiredIssues(site: NodeSite, entity: string, values: Record<string, unknown>): DefinitionIssue[] {
  const missing = (site.ctx.catalog.entity(entity)?.fields ?? [])
    .filter((field) => field.required === true && !('default' in field && field.default !== undefined))
    .filter((field) => field.type !== 'formula' && !(field.type === 'relation' && relationCardinality(field) === 'one-to-many'))
    .filter((field) => !site.ctx.catalog.pipelineOnField(entity, field.name))
    .map((field) => field.name)
    .filter((name) => !(name in values));
  return missing.length === 0 ? [] : [issue('MISSING_REQUIRED_VALUE', configAt(site, 'values'), m.missingRequiredValues(site.where, entity, missing), site.scope)];
}

function recordWriteIssues(site: NodeSite, node: Extract<Node, { type: 'update_record' | 'create_record' }>): DefinitionIssue[] {
  const { ctx } = site;
  if (node.type === 'create_record') {
    const entity = node.config.entity;
    if (!ctx.catalog.entity(entity)) return [issue('UNKNOWN_ENTITY', configAt(site, 'entity'), m.unknownEntity(site.where, entity), site.scope)];
    return [...valuesIssues(site, entity, node.config.values), ...missingRequiredIssues(site, entity, node.config.values)];
  }
  const target = node.config.target;
  if (target && !ctx.catalog.entity(target.entity)) {
    return [issue('UNKNOWN_ENTITY', configAt(site, 'target', 'entity'), m.unknownEntity(site.where, target.entity), site.scope)];
  }
  const entity = target?.entity ?? site.entity;
  if (entity === undefined) return [noRecord(site)];
  return valuesIssues(site, entity, node.config.values);
}

/**
 * A document node makes the document for the run's record, or for the record its recordRef names;
 * a recordRef read from a field of the run's record must be a relation to that entity (the deal's
 * company field for a company document), else the step could only fail.
 */
function documentIssues(site: NodeSite, node: Extract<Node, { type: 'document' }>): DefinitionIssue[] {
  const { ctx } = site;
  const ref = node.config.recordRef;
  if (!ref) return site.entity === undefined ? [noRecord(site)] : [];
  if (!ctx.catalog.entity(ref.entity)) return [issue('UNKNOWN_ENTITY', configAt(site, 'recordRef', 'entity'), m.unknownEntity(site.where, ref.entity), site.scope)];
  const path = isRecord(ref.id) && typeof ref.id['$ref'] === 'string' ? ref.id['$ref'] : null;
  const fieldName = path?.startsWith('record.') ? path.slice('record.'.length) : null;
  if (fieldName === null || site.entity === undefined || fieldName.includes('.') || !ctx.catalog.entity(site.entity)) return [];
  const pointer = configAt(site, 'recordRef', 'id');
  if (fieldName === 'id') {
    return ref.entity === site.entity ? [] : [issue('RECORD_REF_MISMATCH', pointer, m.recordRefMismatch(site.where, fieldName, ref.entity), site.scope)];
  }
  const field = ctx.catalog.field(site.entity, fieldName);
  if (!field) return [issue('UNKNOWN_FIELD', pointer, m.unknownField(site.where, site.entity, fieldName), site.scope)];
  const fits = field.type === 'relation' && relationCardinality(field) === 'many-to-one' && field.target === ref.entity;
  return fits ? [] : [issue('RECORD_REF_MISMATCH', pointer, m.recordRefMismatch(site.where, fieldName, ref.entity), site.scope)];
}

function assignIssues(site: NodeSite, node: Extract<Node, { type: 'assign' }>): DefinitionIssue[] {
  const { ctx, entity } = site;
  if (entity === undefined) return [noRecord(site)];
  const issues: DefinitionIssue[] = [];
  const field = node.config.field ?? 'owner';
  if (field !== 'owner') {
    const expect = { types: ['user'], words: { ru: 'поле-пользователь (user)', en: 'a user field' } };
    issues.push(...fieldReferenceIssues(ctx, site.where, entity, field, configAt(site, 'field'), { expect, scope: site.scope }));
  }
  const { strategy, role } = node.config;
  if (strategy === 'user' && node.config.user === undefined) {
    issues.push(missingConfig(site, { ru: 'для стратегии user укажите user', en: 'strategy user needs a user' }));
  }
  if ((strategy === 'role-round-robin' || strategy === 'role-least-loaded') && role === undefined) {
    issues.push(missingConfig(site, { ru: `для стратегии ${strategy} укажите role`, en: `strategy ${strategy} needs a role` }));
  }
  if (role !== undefined && !ctx.catalog.role(role)) issues.push(issue('UNKNOWN_ROLE', configAt(site, 'role'), m.unknownRole(site.where, role), site.scope));
  issues.push(
    ...conditionIssues(ctx, node.config.loadCondition, {
      pointer: configAt(site, 'loadCondition'),
      entity,
      allowTriggerOps: false,
      words: conditionWords.assignLoad(site.process.name, node.id),
      scope: site.scope,
    }),
  );
  return issues;
}

function waitIssues(site: NodeSite, node: Extract<Node, { type: 'wait' }>): DefinitionIssue[] {
  const { duration, untilField, untilCondition } = node.config;
  if (duration === undefined && untilField === undefined && untilCondition === undefined) {
    return [missingConfig(site, { ru: 'укажите duration, untilField или untilCondition', en: 'give a duration, an untilField or an untilCondition' })];
  }
  if (untilField === undefined && untilCondition === undefined) return [];
  if (site.entity === undefined) return [noRecord(site)];
  const issues: DefinitionIssue[] = [];
  if (untilField !== undefined) {
    issues.push(...fieldReferenceIssues(site.ctx, site.where, site.entity, untilField, configAt(site, 'untilField'), { expect: DATE_LIKE, scope: site.scope }));
  }
  issues.push(
    ...conditionIssues(site.ctx, untilCondition, {
      pointer: configAt(site, 'untilCondition'),
      entity: site.entity,
      allowTriggerOps: false,
      words: conditionWords.waitUntil(site.process.name, node.id),
      scope: site.scope,
    }),
  );
  return issues;
}

/** Escalation settings act only with a timeout and someone to escalate to; "approver-manager" names someone only once the approval is with somebody. */
function approvalEscalationIssues(site: NodeSite, node: Extract<Node, { type: 'approval' }>): DefinitionIssue[] {
  const { timeout, escalateTo, escalation, approvers } = node.config;
  const issues: DefinitionIssue[] = [];
  if (escalation !== undefined && (timeout === undefined || escalateTo === undefined)) {
    issues.push(missingConfig(site, { ru: 'для escalation нужны timeout и escalateTo', en: 'escalation needs a timeout and escalateTo' }));
  }
  approvers.forEach((who, k) => {
    if (who === 'approver-manager') {
      const what = { ru: '"approver-manager" можно указать только в escalateTo', en: '"approver-manager" may be named only in escalateTo' };
      issues.push(issue('NO_CURRENT_APPROVER', configAt(site, 'approvers', k), m.missingConfig(site.where, what), site.scope));
    }
  });
  return issues;
}

/** A declared output must be a JSON Schema the engine can check the script's return value with. */
function scriptOutputIssues(site: NodeSite, node: Extract<Node, { type: 'script' }>): DefinitionIssue[] {
  const problem = jsonSchemaProblem(node.config.output);
  if (problem === null) return [];
  const what = { ru: `описание результата (output) — не JSON Schema: ${problem}`, en: `the declared result (output) is not a JSON Schema: ${problem}` };
  return [issue('SCRIPT_OUTPUT_SCHEMA_INVALID', configAt(site, 'output'), m.missingConfig(site.where, what), site.scope)];
}

function loopIssues(site: NodeSite, node: Extract<Node, { type: 'loop' }>): DefinitionIssue[] {
  const { ctx, entity } = site;
  if (entity === undefined) return [noRecord(site)];
  const pointer = configAt(site, 'relation');
  const relation = node.config.relation;
  const field = ctx.catalog.field(entity, relation);
  if (!field) return fieldReferenceIssues(ctx, site.where, entity, relation, pointer, { scope: site.scope });
  if (field.type !== 'relation' || relationCardinality(field) === 'many-to-one') {
    const expected = { ru: 'связь «один-ко-многим» или «многие-ко-многим»', en: 'a one-to-many or many-to-many relation' };
    const actual = field.type === 'relation' ? `relation (${relationCardinality(field)})` : field.type;
    return [issue('WRONG_FIELD_TYPE', pointer, m.wrongFieldType(site.where, entity, relation, actual, expected), site.scope)];
  }
  return conditionIssues(ctx, node.config.filter, {
    pointer: configAt(site, 'filter'),
    entity: field.target,
    allowTriggerOps: false,
    words: conditionWords.loopFilter(site.process.name, node.id),
    scope: site.scope,
  });
}

/** A failed end of a before-save process points its refusal at a field: one of the record the save is about. */
function endIssues(site: NodeSite, node: Extract<Node, { type: 'end' }>): DefinitionIssue[] {
  const field = node.config?.field;
  if (field === undefined) return [];
  if (site.entity === undefined) return [noRecord(site)];
  return fieldReferenceIssues(site.ctx, site.where, site.entity, field, configAt(site, 'field'), { scope: site.scope });
}

function switchIssues(site: NodeSite, node: Extract<Node, { type: 'switch' }>): DefinitionIssue[] {
  const cases = node.config.cases;
  const repeated = new Set(repeatedNames([{ handle: 'default' }, ...cases], (c) => c.handle).map((r) => r.index - 1));
  const subjects = subjectsOf(site, node);
  return cases.flatMap((c, k) => [
    ...(repeated.has(k)
      ? [issue('DUPLICATE_HANDLE', configAt(site, 'cases', k, 'handle'), m.duplicateCaseHandle(site.process.name, node.id, c.handle), site.scope)]
      : []),
    ...conditionIssues(site.ctx, c.condition, {
      pointer: configAt(site, 'cases', k, 'condition'),
      entity: site.entity ?? '',
      allowTriggerOps: false,
      words: conditionWords.switchCase(site.process.name, node.id, c.handle),
      scope: site.scope,
      subjects,
    }),
  ]);
}

function nodeConfigIssues(site: NodeSite, node: Node): DefinitionIssue[] {
  switch (node.type) {
    case 'condition':
      return conditionIssues(site.ctx, node.config.condition, {
        pointer: configAt(site, 'condition'),
        entity: site.entity ?? '',
        allowTriggerOps: false,
        words: conditionWords.node(site.process.name, node.id),
        scope: site.scope,
        subjects: subjectsOf(site, node),
      });
    case 'switch':
      return switchIssues(site, node);
    case 'assign':
      return assignIssues(site, node);
    case 'update_record':
    case 'create_record':
      return recordWriteIssues(site, node);
    case 'approval':
      return [
        ...roleReferenceIssues(site, node.config.approvers, ['approvers']),
        ...roleReferenceIssues(site, node.config.escalateTo, ['escalateTo']),
        ...approvalEscalationIssues(site, node),
      ];
    case 'notify':
      return roleReferenceIssues(site, node.config.to, ['to']);
    case 'document':
      return documentIssues(site, node);
    case 'wait':
      return waitIssues(site, node);
    case 'loop':
      return loopIssues(site, node);
    case 'script':
      return scriptOutputIssues(site, node);
    case 'end':
      return endIssues(site, node);
    case 'call_process':
      return site.ctx.catalog.process(node.config.process)
        ? []
        : [issue('UNKNOWN_PROCESS', configAt(site, 'process'), m.unknownProcess(site.where, node.config.process), site.scope)];
    default:
      return [];
  }
}

export function checkNodes(ctx: RuleContext, process: Process, processAt: string, entity: string | undefined): DefinitionIssue[] {
  const repeated = new Set(repeatedNames(process.nodes, (n) => n.id).map((r) => r.index));
  return process.nodes.flatMap((node, n) => {
    const at = joinPointer(processAt, 'nodes', n);
    const scope = { process: process.name, nodeId: node.id };
    if (node.id === 'trigger') return [issue('RESERVED_NODE_ID', joinPointer(at, 'id'), m.reservedNodeId(process.name, node.id), scope)];
    if (repeated.has(n)) return [issue('DUPLICATE_NODE_ID', joinPointer(at, 'id'), m.duplicateNodeId(process.name, node.id), scope)];
    return nodeConfigIssues({ ctx, process, entity, at, scope, where: words.node(process.name, node.id) }, node);
  });
}
