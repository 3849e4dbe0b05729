import { resolveFieldPath } from '../definition/field-path.resolver.js';
import { SYSTEM_FIELD_KINDS } from '../definition/system-field.catalog.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';
import { issue, type ProcessScope, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import type { Words } from './subject.words.js';

/*
 * A reference to a field by name or dot path, checked for existence and, optionally, for its type.
 * Used by views, forms, triggers and nodes so they all speak the same way.
 */

export interface FieldExpectation {
  /** Field types accepted; system fields are described by their kind (uuid, integer, datetime). */
  types: readonly string[];
  words: LocalizedMessage;
}

export const DATE_LIKE: FieldExpectation = {
  types: ['date', 'datetime'],
  words: { ru: 'поле даты (date или datetime)', en: 'a date or datetime field' },
};

export function fieldReferenceIssues(
  ctx: RuleContext,
  where: Words,
  entity: string,
  path: string,
  pointer: string,
  options: { allowPath?: boolean; expect?: FieldExpectation; scope?: ProcessScope } = {},
): DefinitionIssue[] {
  if (!ctx.catalog.entity(entity)) return [];
  if (!options.allowPath && path.includes('.')) {
    return [issue('UNKNOWN_FIELD', pointer, m.unknownField(where, entity, path), options.scope)];
  }
  const resolved = resolveFieldPath(ctx.catalog, entity, path);
  if (!resolved.ok && resolved.reason === 'broken-relation') return [];
  if (!resolved.ok) {
    const message = resolved.reason === 'unknown-field' ? m.unknownField(where, resolved.entity, resolved.segment) : m.notTraversable(where, resolved.entity, resolved.segment, path);
    return [issue(resolved.reason === 'unknown-field' ? 'UNKNOWN_FIELD' : 'NOT_TRAVERSABLE', pointer, message, options.scope)];
  }
  const expect = options.expect;
  if (!expect) return [];
  const actual = 'field' in resolved ? resolved.field.type : SYSTEM_FIELD_KINDS[resolved.system];
  const name = 'field' in resolved ? resolved.field.name : resolved.system;
  if (expect.types.includes(actual)) return [];
  return [issue('WRONG_FIELD_TYPE', pointer, m.wrongFieldType(where, resolved.entity, name, actual, expect.words), options.scope)];
}
