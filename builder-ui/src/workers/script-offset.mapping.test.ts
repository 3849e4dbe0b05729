import { scriptHeader, SCRIPT_FOOTER, wrapScriptSource } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { toFileOffset, toScriptOffset, wrapBody } from './script-offset.mapping.js';

/* The editor's offsets and the worker's wrapped file agree with the publish checker's wrapping. */

describe('script offset mapping', () => {
  const body = 'const a = record.amount;\nreturn record.nope;';
  const wrapper = { header: scriptHeader({ recordTypeName: 'DealRecord' }, 'typescript'), footer: SCRIPT_FOOTER };

  it('wraps the body exactly as publish does', () => {
    expect(wrapBody(body, wrapper)).toBe(wrapScriptSource(body, { recordTypeName: 'DealRecord' }, 'typescript').text);
  });

  it('maps an offset in the script to the file and back', () => {
    const file = wrapBody(body, wrapper);
    const at = body.indexOf('nope');
    expect(file.slice(toFileOffset(at, wrapper), toFileOffset(at, wrapper) + 4)).toBe('nope');
    expect(toScriptOffset(file.indexOf('nope'), wrapper, body.length)).toBe(at);
  });

  it('clamps offsets in the header and footer to the edges of the script', () => {
    expect(toScriptOffset(5, wrapper, body.length)).toBe(0);
    expect(toScriptOffset(wrapBody(body, wrapper).length, wrapper, body.length)).toBe(body.length);
  });
});
