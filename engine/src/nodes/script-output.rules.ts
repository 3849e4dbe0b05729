import { isJsonObject, type JsonValue } from '../json.types.js';

/*
 * What a script hands back must be storable: its output goes into jsonb columns (run_steps.output,
 * process_runs.context) on both databases, and PostgreSQL's jsonb refuses the NUL character and
 * unpaired UTF-16 surrogates. Finding such a value here fails the step with its path instead of
 * letting the INSERT fail (which retried, and showed the raw SQL in the run's error).
 */

/** NUL, or a UTF-16 surrogate half without its partner: text jsonb cannot hold. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface UnstorableValue {
  /** Where the value is, as a script author writes it: `output.notes[1]`, `output["a b"]`. */
  path: string;
  reason: string;
}

function member(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${storableText(JSON.stringify(key))}]`;
}

function reasonOf(text: string): string {
  return text.includes('\u0000') ? 'holds a NUL character (\\u0000)' : 'holds an unpaired UTF-16 surrogate';
}

/** The first value (string or key) in `value` that the database cannot store, or null. */
export function findUnstorable(value: JsonValue, path = 'output'): UnstorableValue | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? { path, reason: reasonOf(value) } : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnstorable(value[i] ?? null, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (isJsonObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) return { path: member(path, key), reason: `has a key that ${reasonOf(key)}` };
      const found = findUnstorable(inner ?? null, member(path, key));
      if (found) return found;
    }
  }
  return null;
}

/** Text from a script (a log line, an error message) made storable: the bad characters are shown escaped. */
export function storableText(text: string): string {
  if (!UNSTORABLE.test(text)) return text;
  return text.replace(/\u0000|[\uD800-\uDFFF]/g, (ch, offset: number, whole: string) => {
    const code = ch.charCodeAt(0);
    const paired =
      (code >= 0xd800 && code <= 0xdbff && /[\uDC00-\uDFFF]/.test(whole[offset + 1] ?? '')) ||
      (code >= 0xdc00 && code <= 0xdfff && /[\uD800-\uDBFF]/.test(whole[offset - 1] ?? ''));
    return paired ? ch : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
