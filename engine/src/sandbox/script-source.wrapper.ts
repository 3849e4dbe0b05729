import { START_GLOBAL } from './sandbox.prelude.js';

/*
 * The user's source is the body of an async function. It is wrapped with ONE extra line above it,
 * and compiled with a line offset of -1, so the positions V8 reports (in errors, in stack traces
 * the script itself reads) are already those of the user's source; the wrapper line is line 0.
 *
 * A body that closes the function early (`}); more code; (function () {`) only adds code that runs
 * in the same sandbox with the same limits, so nothing is gained by it; it is not worth a parser.
 */
export const SCRIPT_FILENAME = 'crm-script.js';
export const WRAPPER_LINES = 1;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval api'
  ).split(' '),
);

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** Why an input key cannot be a parameter name, or undefined when it can. */
export function invalidParameterName(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) return `input key "${name}" is not a JavaScript identifier`;
  if (RESERVED.has(name)) return `input key "${name}" is reserved`;
  return undefined;
}

export function wrapScriptSource(source: string, parameterNames: readonly string[]): string {
  return `${START_GLOBAL}((async function (${[...parameterNames, 'api'].join(', ')}) { 'use strict';\n${source}\n}));`;
}

export interface SourcePosition {
  line: number;
  column: number;
}

/** Checks a position V8 reported against the user's source; undefined when it falls on the wrapper line. */
export function toSourcePosition(source: string, sourceLine: number, column: number): SourcePosition | undefined {
  if (!Number.isInteger(sourceLine) || !Number.isInteger(column) || sourceLine < 1 || column < 1) return undefined;
  const lines = source.split('\n');
  // "Unexpected end of input" is reported on the wrapper's closing line: point at the end of the source.
  if (sourceLine > lines.length) return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
  return { line: sourceLine, column };
}

/** isolated-vm reports syntax errors as `Message [crm-script.js:L:C]`. */
export function parseCompileError(source: string, message: string): { message: string; line?: number; column?: number } {
  const match = /^([\s\S]*?) \[crm-script\.js:(\d+):(\d+)\]$/.exec(message);
  if (!match) return { message };
  const position = toSourcePosition(source, Number(match[2]), Number(match[3]));
  return { message: match[1] ?? message, ...position };
}
