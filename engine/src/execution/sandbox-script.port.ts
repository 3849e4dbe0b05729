import type { ScriptOutcome, ScriptPort } from '../ports/engine.ports.js';
import type { ScriptSandbox } from '../sandbox/index.js';
import { transpileScript } from '../sandbox/index.js';

/**
 * The script port over the isolated-vm sandbox: TypeScript is transpiled first (once per source:
 * a process runs the same script many times), then the run is handed to the sandbox.
 */
export function createSandboxScriptPort(sandbox: ScriptSandbox, cacheSize = 500): ScriptPort {
  const transpiled = new Map<string, { ok: true; code: string } | { ok: false; message: string; line?: number; column?: number }>();
  function javascriptOf(source: string): { ok: true; code: string } | { ok: false; message: string; line?: number; column?: number } {
    const cached = transpiled.get(source);
    if (cached) return cached;
    const result = transpileScript(source, 'typescript');
    const entry = result.ok
      ? { ok: true as const, code: result.code }
      : { ok: false as const, message: result.diagnostics.map((d) => d.message).join('; '), ...(result.diagnostics[0] ? { line: result.diagnostics[0].line, column: result.diagnostics[0].column } : {}) };
    if (transpiled.size >= cacheSize) transpiled.delete(transpiled.keys().next().value ?? '');
    transpiled.set(source, entry);
    return entry;
  }
  return {
    async run(request): Promise<ScriptOutcome> {
      let source = request.source;
      if (request.language === 'typescript') {
        const js = javascriptOf(request.source);
        if (!js.ok) return { ok: false, error: { code: 'COMPILE_ERROR', message: js.message, ...(js.line ? { line: js.line } : {}), ...(js.column ? { column: js.column } : {}) }, logs: [] };
        source = js.code;
      }
      const result = await sandbox.run({ source, input: request.input, api: request.api, timeoutMs: request.timeoutMs, memoryMb: request.memoryMb });
      const logs = result.logs.map((l) => ({ level: l.level, message: l.message }));
      return result.ok ? { ok: true, output: result.output, logs } : { ok: false, error: result.error, logs };
    },
  };
}
