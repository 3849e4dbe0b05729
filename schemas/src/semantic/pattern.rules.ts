import type { Entity, Field } from '../../generated/definition.types.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { patternProblem } from '../validation/linear-regexp.factory.js';
import { issue, type RuleContext } from './rule.context.js';
import { words, type Words } from './subject.words.js';

/*
 * Every pattern an admin writes runs on RE2 (linear time, see linear-regexp.factory.ts), which has
 * no lookaround and no backreferences. Such a pattern is refused here, at publish, naming where it is,
 * rather than run on a backtracking engine where `^(a+)+$` freezes the server. A pattern JavaScript
 * itself cannot parse is INVALID_PATTERN (entity.rules.ts); this check covers the ones it can.
 */

const unsupported = (where: Words, pattern: string, reason: string): LocalizedMessage => ({
  ru:
    `${where.ru}: шаблон ${words.quoted(pattern).ru} не поддерживается (${reason}). ` +
    'Шаблоны проверяются движком RE2 за линейное время: без опережающих и ретроспективных проверок (?= ?! ?<= ?<!) и обратных ссылок (\\1)',
  en:
    `${where.en}: the pattern ${words.quoted(pattern).en} is not supported (${reason}). ` +
    'Patterns run on RE2 in linear time: no lookahead or lookbehind (?= ?! ?<= ?<!) and no backreferences (\\1)',
});

function parsesInJavaScript(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function fieldPatternIssues(entity: Entity, field: Field, at: string): DefinitionIssue[] {
  if (field.type !== 'text' || field.pattern === undefined || !parsesInJavaScript(field.pattern)) return [];
  const reason = patternProblem(field.pattern);
  if (reason === undefined) return [];
  return [issue('PATTERN_UNSUPPORTED', joinPointer(at, 'pattern'), unsupported(words.field(entity.name, field.name), field.pattern, reason))];
}

interface FoundPattern {
  pointer: string;
  pattern: string;
}

/** `pattern` values and `patternProperties` keys anywhere in a JSON Schema, with their pointers. */
function schemaPatterns(schema: unknown, at: string, depth = 0): FoundPattern[] {
  if (typeof schema !== 'object' || schema === null || depth > 64) return [];
  const found: FoundPattern[] = [];
  for (const [key, value] of Object.entries(schema)) {
    const pointer = joinPointer(at, key);
    if (key === 'pattern' && typeof value === 'string') found.push({ pointer, pattern: value });
    if (key === 'patternProperties' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const name of Object.keys(value)) found.push({ pointer: joinPointer(pointer, name), pattern: name });
    }
    found.push(...schemaPatterns(value, pointer, depth + 1));
  }
  return found;
}

function webhookPatternIssues(ctx: RuleContext): DefinitionIssue[] {
  return (ctx.app.processes ?? []).flatMap((process, i) => {
    if (process.trigger.type !== 'webhook' || process.trigger.schema === undefined) return [];
    const at = joinPointer('', 'processes', i, 'trigger', 'schema');
    return schemaPatterns(process.trigger.schema, at).flatMap(({ pointer, pattern }) => {
      const reason = patternProblem(pattern);
      if (reason === undefined) return [];
      return [issue('PATTERN_UNSUPPORTED', pointer, unsupported(words.trigger(process.name), pattern, reason), { process: process.name })];
    });
  });
}

export function checkPatterns(ctx: RuleContext): DefinitionIssue[] {
  const fields = ctx.app.entities.flatMap((entity, i) =>
    entity.fields.flatMap((field, j) => fieldPatternIssues(entity, field, joinPointer('', 'entities', i, 'fields', j))),
  );
  return [...fields, ...webhookPatternIssues(ctx)];
}
