import { createSystem, createVirtualTypeScriptEnvironment, type VirtualTypeScriptEnvironment } from '@typescript/vfs';
import { getAutocompletion, getHover, getLints } from '@valtown/codemirror-ts/worker';
import { expose } from 'comlink';
import ts from 'typescript';
import { toFileOffset, toScriptOffset, wrapBody, type WrappedScript } from './script-offset.mapping.js';

/*
 * The script editor's TypeScript, off the main thread (TypeScript is ~4 MB; this worker is its
 * own chunk, loaded when a script node is opened). The ES library is bundled from the installed
 * `typescript` package, never fetched. The editor's text is only the script's body: the worker
 * wraps it with the header the main thread sends (@crm/schemas scriptHeader, what the publish
 * checker wraps with, like the declarations) and maps every offset between the editor and the
 * wrapped file, so `record.` completes the entity's fields and a type error lands where it is.
 */

const LIBRARIES = import.meta.glob(['../../../node_modules/typescript/lib/lib.es5.d.ts', '../../../node_modules/typescript/lib/lib.es20*.d.ts', '../../../node_modules/typescript/lib/lib.decorators*.d.ts', '!../../../node_modules/typescript/lib/lib.*.full.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

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

/** Completion details cost a lookup each: the first options (what the list shows) get them. */
const MAX_DETAILED = 60;
const RECORDS_FILE = '/crm/record-types.ts';
const API_FILE = '/crm/script-api.ts';
const ENV_FILE = '/crm/script-env.d.ts';

/** The declaration files and the wrapper of one script, built on the main thread from @crm/schemas. */
export interface ScriptEnvironment extends WrappedScript {
  /** JavaScript is typed through JSDoc in the header, which TypeScript reads only in a .js file. */
  language: 'javascript' | 'typescript';
  env: string;
  recordTypes: string;
  apiDeclarations: string;
}

let env: VirtualTypeScriptEnvironment | undefined;
let wrapper: WrappedScript | undefined;
let extension = '.js';
/** The last body per editor path, so a new wrapper can re-wrap it. */
const bodies = new Map<string, string>();

function libraryFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, text] of Object.entries(LIBRARIES)) {
    if (typeof text === 'string') files.set(`/${path.slice(path.lastIndexOf('/') + 1)}`, text);
  }
  return files;
}

function setFile(target: VirtualTypeScriptEnvironment, path: string, text: string): void {
  if (target.getSourceFile(path)) target.updateFile(path, text.length > 0 ? text : ' ');
  else target.createFile(path, text.length > 0 ? text : ' ');
}

/** The editor's path -> the worker's file, with the extension of the script's language. */
function fileOf(path: string): string {
  return `${path}${extension}`;
}

function writeScript(path: string): void {
  if (!env || !wrapper) return;
  setFile(env, fileOf(path), wrapBody(bodies.get(path) ?? '', wrapper));
}

function bodyLength(path: string): number {
  return bodies.get(path)?.length ?? 0;
}

const api = {
  async initialize(): Promise<void> {
    const files = libraryFiles();
    files.set(ENV_FILE, ' ');
    files.set(RECORDS_FILE, ' ');
    files.set(API_FILE, ' ');
    env = createVirtualTypeScriptEnvironment(createSystem(files), [ENV_FILE, RECORDS_FILE, API_FILE], ts, COMPILER_OPTIONS);
    return Promise.resolve();
  },
  /** The declarations of the draft's app for this script node, and its header (by its language). */
  setEnvironment({ path, next }: { path: string; next: ScriptEnvironment }): void {
    wrapper = { header: next.header, footer: next.footer };
    const nextExtension = next.language === 'javascript' ? '.js' : '.ts';
    if (env && nextExtension !== extension && env.getSourceFile(fileOf(path))) env.deleteFile(fileOf(path));
    extension = nextExtension;
    if (!env) return;
    setFile(env, ENV_FILE, next.env);
    setFile(env, RECORDS_FILE, next.recordTypes);
    setFile(env, API_FILE, next.apiDeclarations);
    writeScript(path);
  },
  updateFile({ path, code }: { path: string; code: string }): void {
    bodies.set(path, code);
    writeScript(path);
  },
  getLints({ path, diagnosticCodesToIgnore }: { path: string; diagnosticCodesToIgnore: number[] }): ReturnType<typeof getLints> {
    const current = wrapper;
    if (!env || !current || !env.getSourceFile(fileOf(path))) return [];
    const length = bodyLength(path);
    return getLints({ env, path: fileOf(path), diagnosticCodesToIgnore }).map((diagnostic) => ({
      ...diagnostic,
      from: toScriptOffset(diagnostic.from, current, length),
      to: toScriptOffset(diagnostic.to, current, length),
    }));
  },
  async getAutocompletion({ path, context }: { path: string; context: { pos: number; explicit: boolean } }): ReturnType<typeof getAutocompletion> {
    const current = wrapper;
    if (!env || !current || !env.getSourceFile(fileOf(path))) return null;
    const file = fileOf(path);
    const position = toFileOffset(context.pos, current);
    const result = await getAutocompletion({ env, path: file, context: { ...context, pos: position } });
    if (!result) return null;
    const service = env.languageService;
    // A field's doc comment is its label (@crm/schemas recordDeclarationsFor): shown beside the name.
    const options = result.options.map((option, index) => {
      if (index >= MAX_DETAILED) return option;
      const details = service.getCompletionEntryDetails(file, position, option.label, undefined, undefined, undefined, undefined);
      const documentation = details?.documentation ? ts.displayPartsToString(details.documentation) : '';
      return documentation ? { ...option, detail: documentation } : option;
    });
    const length = bodyLength(path);
    return { ...result, options, from: toScriptOffset(result.from, current, length), ...(result.to === undefined ? {} : { to: toScriptOffset(result.to, current, length) }) };
  },
  getHover({ path, pos }: { path: string; pos: number }): ReturnType<typeof getHover> | undefined {
    const current = wrapper;
    if (!env || !current || !env.getSourceFile(fileOf(path))) return undefined;
    const hover = getHover({ env, path: fileOf(path), pos: toFileOffset(pos, current) });
    if (!hover) return hover;
    const length = bodyLength(path);
    return { ...hover, start: toScriptOffset(hover.start, current, length), end: toScriptOffset(hover.end, current, length) };
  },
  /** Part of codemirror-ts's WorkerShape; the environment stays in the worker (it cannot be cloned). */
  getEnv(): VirtualTypeScriptEnvironment {
    if (!env) throw new Error('The script types worker is not initialized');
    return env;
  },
};

export type ScriptTypesWorker = typeof api;

expose(api);
