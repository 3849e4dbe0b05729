/*
 * The editor holds only the script's body; the worker's file is `header + body + footer` (the
 * header from @crm/schemas scriptHeader, one line). Offsets go in shifted by the header's length
 * and come back clamped to the body, so an error in the header or footer lands at its edge.
 * Kept free of @crm/schemas at run time: the worker must not load Ajv (it compiles with eval,
 * which the UI's Content-Security-Policy refuses).
 */

export interface WrappedScript {
  header: string;
  footer: string;
}

export function wrapBody(body: string, wrapper: WrappedScript): string {
  return `${wrapper.header}${body}${wrapper.footer}`;
}

/** An offset in the script -> the offset in the wrapped file. */
export function toFileOffset(scriptOffset: number, wrapper: WrappedScript): number {
  return scriptOffset + wrapper.header.length;
}

/** An offset in the wrapped file -> the offset in the script, clamped to the script. */
export function toScriptOffset(fileOffset: number, wrapper: WrappedScript, bodyLength: number): number {
  return Math.min(Math.max(fileOffset - wrapper.header.length, 0), bodyLength);
}
