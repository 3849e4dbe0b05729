import type { Entity, Field } from '../../generated/definition.types.js';
import { relationCardinality } from '../definition/definition.catalog.js';
import { isSystemField, SYSTEM_FIELDS } from '../definition/system-field.catalog.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { issue, repeatedNames, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import { words } from './subject.words.js';

/*
 * Entities and their fields: unique names, no clash with system fields, relations that resolve
 * (one-to-many through a many-to-one inverse), display and search fields that exist, enum options.
 */

const TEXT_LIKE: ReadonlySet<Field['type']> = new Set(['text', 'longtext', 'email', 'phone', 'url', 'enum']);

function relationIssues(ctx: RuleContext, entity: Entity, field: Field, at: string): DefinitionIssue[] {
  if (field.type !== 'relation') return [];
  const target = ctx.catalog.entity(field.target);
  if (!target) return [issue('UNKNOWN_ENTITY', joinPointer(at, 'target'), m.unknownEntity(words.field(entity.name, field.name), field.target))];
  if (relationCardinality(field) !== 'one-to-many') return [];
  if (field.inverse === undefined) return [issue('MISSING_INVERSE', at, m.missingInverse(entity.name, field.name, field.target))];
  const inverse = ctx.catalog.field(field.target, field.inverse);
  if (!inverse) {
    return [issue('UNKNOWN_FIELD', joinPointer(at, 'inverse'), m.unknownField(words.field(entity.name, field.name), field.target, field.inverse))];
  }
  if (inverse.type === 'relation' && !ctx.catalog.entity(inverse.target)) return [];
  if (inverse.type !== 'relation' || relationCardinality(inverse) !== 'many-to-one' || inverse.target !== entity.name) {
    return [issue('INVALID_INVERSE', joinPointer(at, 'inverse'), m.invalidInverse(entity.name, field.name, field.target, field.inverse))];
  }
  return [];
}

function enumIssues(ctx: RuleContext, entity: Entity, field: Field, at: string): DefinitionIssue[] {
  if (field.type === 'enum') {
    const pipeline = ctx.catalog.pipelineOnField(entity.name, field.name);
    const allowed = field.options?.map((o) => o.value) ?? pipeline?.stages.map((s) => s.name);
    if (!allowed) return [issue('ENUM_WITHOUT_OPTIONS', at, m.enumWithoutOptions(entity.name, field.name))];
    if (field.default !== undefined && !allowed.includes(field.default)) {
      return [issue('INVALID_DEFAULT', joinPointer(at, 'default'), m.invalidDefault(entity.name, field.name, field.default, allowed))];
    }
  }
  if (field.type === 'multienum' && field.default) {
    const allowed = field.options.map((o) => o.value);
    return field.default.flatMap((value, k) =>
      allowed.includes(value) ? [] : [issue('INVALID_DEFAULT', joinPointer(at, 'default', k), m.invalidDefault(entity.name, field.name, value, allowed))],
    );
  }
  return [];
}

/** Record validation compiles the pattern with the u flag, as JSON Schema prescribes. */
function patternIssues(entity: Entity, field: Field, at: string): DefinitionIssue[] {
  if (field.type !== 'text' || field.pattern === undefined) return [];
  try {
    new RegExp(field.pattern, 'u');
    return [];
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return [issue('INVALID_PATTERN', joinPointer(at, 'pattern'), m.invalidPattern(entity.name, field.name, reason))];
  }
}

function fieldIssues(ctx: RuleContext, entity: Entity, at: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const repeated = new Set(repeatedNames(entity.fields, (f) => f.name).map((r) => r.index));
  entity.fields.forEach((field, j) => {
    const fieldAt = joinPointer(at, 'fields', j);
    if (isSystemField(field.name)) {
      issues.push(issue('RESERVED_FIELD_NAME', joinPointer(fieldAt, 'name'), m.reservedFieldName(entity.name, field.name, SYSTEM_FIELDS)));
    } else if (repeated.has(j)) {
      issues.push(issue('DUPLICATE_NAME', joinPointer(fieldAt, 'name'), m.duplicateField(entity.name, field.name)));
    }
    issues.push(...relationIssues(ctx, entity, field, fieldAt), ...enumIssues(ctx, entity, field, fieldAt), ...patternIssues(entity, field, fieldAt));
  });
  return issues;
}

function displayAndSearchIssues(ctx: RuleContext, entity: Entity, at: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const where = words.entity(entity.name);
  if (entity.display !== undefined && !ctx.catalog.field(entity.name, entity.display)) {
    issues.push(issue('UNKNOWN_FIELD', joinPointer(at, 'display'), m.unknownField(where, entity.name, entity.display)));
  }
  (entity.search ?? []).forEach((name, k) => {
    const field = ctx.catalog.field(entity.name, name);
    const pointer = joinPointer(at, 'search', k);
    if (!field) issues.push(issue('UNKNOWN_FIELD', pointer, m.unknownField(where, entity.name, name)));
    else if (!TEXT_LIKE.has(field.type)) {
      const expected = { ru: 'текстовое поле (text, longtext, email, phone, url или enum)', en: 'a text-like field (text, longtext, email, phone, url or enum)' };
      issues.push(issue('WRONG_FIELD_TYPE', pointer, m.wrongFieldType(where, entity.name, name, field.type, expected)));
    }
  });
  return issues;
}

export function checkEntities(ctx: RuleContext): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const repeated = new Set(repeatedNames(ctx.app.entities, (e) => e.name).map((r) => r.index));
  ctx.app.entities.forEach((entity, i) => {
    const at = joinPointer('', 'entities', i);
    if (repeated.has(i)) {
      issues.push(issue('DUPLICATE_NAME', joinPointer(at, 'name'), m.duplicateEntity(entity.name)));
      return;
    }
    issues.push(...fieldIssues(ctx, entity, at), ...displayAndSearchIssues(ctx, entity, at));
  });
  return issues;
}
