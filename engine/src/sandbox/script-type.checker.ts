import { SCRIPT_ENV_DECLARATIONS, wrapScriptSource } from '@crm/schemas';
import ts from 'typescript';
import { transpileScript, type ScriptDiagnostic, type ScriptLanguage } from './script.transpiler.js';

/*
 * Type-checks a script body at publish, against the app's generated record types:
 *
 *   /crm/record-types.ts   recordTypesFor(app), with `export` dropped so the types are global
 *   /crm/script-api.ts     the host's declarations; they add members to `interface ScriptApi`
 *   /crm/script-env.d.ts   ScriptConsole, ScriptUser, ScriptTrigger, ScriptSteps (below)
 *   /crm/script.ts         async function __script(record: <Record>, trigger, steps, user, now, api, console) { BODY }
 *
 * One language service is kept per checker: the ES library and the record types are parsed once
 * and reused while their text does not change, so a check costs little more than the script itself.
 */
export interface ScriptTypeCheckRequest {
  source: string;
  /** Default 'typescript'; JavaScript gets syntax errors only. */
  language?: ScriptLanguage;
  /** TypeScript declarations from recordTypesFor() in @crm/schemas. */
  recordTypes: string;
  /** The type of `record`, e.g. 'DealRecord' (recordTypeName(entity) in @crm/schemas). */
  recordTypeName: string;
  /** A type expression for `trigger`. Default ScriptTrigger: a read-only object of unknown values. */
  triggerType?: string;
  /** A type expression for `user`. Default ScriptUser: `{ id: string }` plus unknown attributes. */
  userType?: string;
  /** A type expression for `steps`. Default ScriptSteps: read-only record of unknown outputs. */
  stepsType?: string;
  /** Declarations that add members to `interface ScriptApi` (the type of `api`); may use the record types. */
  apiDeclarations?: string;
}

export interface ScriptTypeChecker {
  check(request: ScriptTypeCheckRequest): ScriptDiagnostic[];
}

const DIR = '/crm/';
const RECORDS_FILE = `${DIR}record-types.ts`;
const API_FILE = `${DIR}script-api.ts`;
const ENV_FILE = `${DIR}script-env.d.ts`;
const SCRIPT_TS = `${DIR}script.ts`;
const SCRIPT_JS = `${DIR}script.js`;


const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  allowJs: true,
  checkJs: false,
  skipLibCheck: true,
  moduleDetection: ts.ModuleDetectionKind.Legacy,
};

/** The generated record types are a module; as globals they need no import in the script. */
function asGlobalDeclarations(recordTypes: string): string {
  return recordTypes.replace(/^export (?=(?:declare )?(?:interface|type|enum|const|class|function) )/gm, '');
}

/** The header and footer come from @crm/schemas, so the builder's code editor wraps the script the same way. */
function scriptFile(request: ScriptTypeCheckRequest): { name: string; text: string } {
  const language = request.language ?? 'typescript';
  const { text } = wrapScriptSource(request.source, request, language);
  return { name: language === 'javascript' ? SCRIPT_JS : SCRIPT_TS, text };
}

class VirtualFiles {
  private readonly files = new Map<string, { text: string; version: number }>();

  set(name: string, text: string): void {
    const current = this.files.get(name);
    if (current?.text === text) return;
    this.files.set(name, { text, version: (current?.version ?? 0) + 1 });
  }

  delete(name: string): void {
    this.files.delete(name);
  }

  get(name: string): { text: string; version: number } | undefined {
    return this.files.get(name);
  }

  names(): string[] {
    return [...this.files.keys()];
  }
}

export function createScriptTypeChecker(): ScriptTypeChecker {
  const files = new VirtualFiles();
  const libraryTexts = new Map<string, string | undefined>();
  files.set(ENV_FILE, SCRIPT_ENV_DECLARATIONS);

  function readLibrary(name: string): string | undefined {
    if (!libraryTexts.has(name)) libraryTexts.set(name, ts.sys.readFile(name));
    return libraryTexts.get(name);
  }

  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => COMPILER_OPTIONS,
    getScriptFileNames: () => files.names(),
    getScriptVersion: (name) => String(files.get(name)?.version ?? 0),
    getScriptSnapshot: (name) => {
      const text = files.get(name)?.text ?? readLibrary(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => DIR,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => files.get(name) !== undefined || readLibrary(name) !== undefined,
    readFile: (name) => files.get(name)?.text ?? readLibrary(name),
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());

  return {
    check(request: ScriptTypeCheckRequest): ScriptDiagnostic[] {
      const language = request.language ?? 'typescript';
      const transpiled = transpileScript(request.source, language);
      const script = scriptFile(request);
      files.set(RECORDS_FILE, asGlobalDeclarations(request.recordTypes));
      files.set(API_FILE, request.apiDeclarations ?? '');
      files.delete(script.name === SCRIPT_TS ? SCRIPT_JS : SCRIPT_TS);
      files.set(script.name, script.text);

      const found: ts.Diagnostic[] = [...service.getSyntacticDiagnostics(script.name)];
      if (language === 'typescript' && found.length === 0) found.push(...service.getSemanticDiagnostics(script.name));
      const sourceFile = service.getProgram()?.getSourceFile(script.name);
      const lines = request.source.split('\n');
      const diagnostics = found.map((diagnostic) => toScriptDiagnostic(diagnostic, sourceFile, lines));
      if (!transpiled.ok) diagnostics.push(...transpiled.diagnostics);
      return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
    },
  };
}

function toScriptDiagnostic(diagnostic: ts.Diagnostic, file: ts.SourceFile | undefined, lines: readonly string[]): ScriptDiagnostic {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!file || diagnostic.start === undefined) return { line: 1, column: 1, message };
  const position = file.getLineAndCharacterOfPosition(diagnostic.start);
  // Line 0 is the header: a wrong record type name or parameter type lands there.
  if (position.line === 0) return { line: 1, column: 1, message: `in the script's parameters: ${message}` };
  // Past the body is the closing brace: "expected" errors at the end of the script land there.
  if (position.line > lines.length) return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1, message };
  return { line: position.line, column: position.character + 1, message };
}

let shared: ScriptTypeChecker | undefined;

/** Checks with one checker kept for the process, so the ES library is parsed once. */
export function checkScriptTypes(request: ScriptTypeCheckRequest): ScriptDiagnostic[] {
  shared ??= createScriptTypeChecker();
  return shared.check(request);
}
