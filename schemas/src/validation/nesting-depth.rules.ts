import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';

/*
 * A definition nested deeper than anything the language needs is refused before the JSON Schema
 * check and the semantic walks, which recurse: a condition nested 5,000 deep used to overflow the
 * stack (a 500). The walk here is iterative. Conditions themselves stop at 32 levels (two JSON levels
 * each, `{"and": [...]}`), reported by the condition checker; this cap sits well above that.
 */

export const MAX_DEFINITION_DEPTH = 100;

interface Pending {
  value: unknown;
  pointer: string;
  depth: number;
}

/** The issue for the first place nested deeper than MAX_DEFINITION_DEPTH, or undefined. */
export function nestingIssue(input: unknown): DefinitionIssue | undefined {
  const stack: Pending[] = [{ value: input, pointer: '', depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, pointer, depth } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEFINITION_DEPTH) {
      return {
        code: 'DEFINITION_TOO_DEEP',
        pointer,
        message: {
          ru: `Определение вложено глубже ${MAX_DEFINITION_DEPTH} уровней в ${pointer}; условия допускают не больше 32 уровней вложенности`,
          en: `The definition is nested more than ${MAX_DEFINITION_DEPTH} levels deep at ${pointer}; conditions nest at most 32 levels`,
        },
      };
    }
    const entries = Array.isArray(value) ? value.map((item, i): [string | number, unknown] => [i, item]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const entry = entries[i];
      if (entry) stack.push({ value: entry[1], pointer: joinPointer(pointer, entry[0]), depth: depth + 1 });
    }
  }
  return undefined;
}
