import type { RegExpEngine, RegExpLike } from 'ajv/dist/types/index.js';
import { RE2JS } from 're2js';

/*
 * Every pattern an admin writes (a text field's `pattern`, a webhook body schema) runs on RE2, a
 * linear-time engine: `^(a+)+$` against a long input takes microseconds instead of freezing the event
 * loop. The port is pure JavaScript, so the builder in the browser checks patterns with the same
 * engine the server runs. RE2 has no backreferences and no lookaround; such patterns are refused at
 * publish (see patternProblem) rather than run on a backtracking engine.
 */

/**
 * Longest value a pattern is tested against. RE2 is linear, but linear in a 5 MB body is still
 * tens of milliseconds per pattern; a longer value does not match (text fields are capped below this).
 */
export const MAX_PATTERN_INPUT = 10_000;

/** Compiles a JavaScript-syntax pattern for RE2, or throws the engine's reason. */
function compileRe2(pattern: string): RE2JS {
  return RE2JS.compile(RE2JS.translateRegExp(pattern));
}

/** Why RE2 cannot run the pattern (lookaround, backreferences, bad syntax), or undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  try {
    compileRe2(pattern);
    return undefined;
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A compiled pattern with RegExp's `test`: searches anywhere in the value, as JSON Schema's `pattern` does. */
export function linearPattern(pattern: string): RegExpLike {
  const compiled = compileRe2(pattern);
  const like: RegExpLike & { toString(): string } = {
    test: (value: string) => value.length <= MAX_PATTERN_INPUT && compiled.test(value),
    // Ajv caches compiled patterns under this key: it must differ between patterns.
    toString: () => `/${pattern}/re2`,
  };
  return like;
}

/**
 * A pattern RE2 cannot compile can still be live (published before publish refused it): it matches
 * nothing, so a value is refused with a 400 naming the field, where a throw would be a 500 on every
 * write and a backtracking fallback would bring the freeze back.
 */
function refusingPattern(pattern: string): RegExpLike {
  const like: RegExpLike & { toString(): string } = { test: () => false, toString: () => `/${pattern}/unsupported` };
  return like;
}

/** Ajv's `code.regExp` option: the flags argument is ignored, RE2 always works on code points. */
export const linearRegExp: RegExpEngine = Object.assign((pattern: string) => (patternProblem(pattern) === undefined ? linearPattern(pattern) : refusingPattern(pattern)), {
  code: 'linearRegExp',
});
