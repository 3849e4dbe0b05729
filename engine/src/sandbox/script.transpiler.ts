import { blankSourceFile } from 'ts-blank-space';
import ts from 'typescript';

/*
 * TypeScript -> JavaScript by blanking the types out with spaces (ts-blank-space, on the official
 * parser): every line and column of the output is the same as in the input, so an error the
 * sandbox reports at (line, column) points at the TypeScript the author wrote, with no source map.
 * Syntax that would need new JavaScript to be generated (enum, namespace, parameter properties,
 * `import x = require()`) is refused with its position.
 */
export type ScriptLanguage = 'javascript' | 'typescript';

export interface ScriptDiagnostic {
  /** 1-based line and column in the script's own source. */
  line: number;
  column: number;
  message: string;
}

export type TranspileResult = { ok: true; code: string } | { ok: false; diagnostics: ScriptDiagnostic[] };

/** The body goes inside an async function so that top-level `await` and `return` parse as they will run. */
const HEAD = 'async function __script() {\n';
const TAIL = '\n}';

export function transpileScript(source: string, language: ScriptLanguage): TranspileResult {
  if (language === 'javascript') return { ok: true, code: source };
  const wrapped = `${HEAD}${source}${TAIL}`;
  const file = ts.createSourceFile('script.ts', wrapped, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diagnostics: ScriptDiagnostic[] = [];
  const blanked = blankSourceFile(file, (node) => {
    const start = file.getLineAndCharacterOfPosition(node.getStart(file));
    diagnostics.push({
      line: Math.max(1, start.line),
      column: start.character + 1,
      message: `${ts.SyntaxKind[node.kind]} is TypeScript syntax that cannot run as JavaScript; use a plain object or function instead`,
    });
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, code: blanked.slice(HEAD.length, blanked.length - TAIL.length) };
}
