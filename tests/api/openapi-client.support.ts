import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { REPO_ROOT } from '@crm/runtime/testing';

/*
 * A typed client as an integrator makes one: openapi-typescript turns the served document into
 * `paths` and `components` types, a client program using openapi-fetch is type-checked against
 * them with the TypeScript compiler, then transpiled and run against the live API. The folder sits
 * under the repository's node_modules/.cache so both the compiler and Node find openapi-fetch.
 */

export interface ClientWorkspace {
  dir: string;
  /** Type errors of `source` (a client module) against the generated types; empty when it compiles. */
  typeErrors(file: string, source: string): Promise<string[]>;
  /** Transpiles and imports a client module that compiled. */
  load(file: string, source: string): Promise<unknown>;
  remove(): Promise<void>;
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  skipLibCheck: true,
  exactOptionalPropertyTypes: false,
};

export async function generatedClientWorkspace(document: unknown): Promise<ClientWorkspace> {
  const cache = path.join(REPO_ROOT, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(path.join(cache, 'openapi-client-'));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const types = astToString(await openapiTS(JSON.stringify(document)));
  await writeFile(path.join(dir, 'api.d.ts'), types);
  return {
    dir,
    async typeErrors(file, source) {
      const full = path.join(dir, file);
      await writeFile(full, source);
      const program = ts.createProgram([full], COMPILER_OPTIONS);
      return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
    async load(file, source) {
      const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      const full = path.join(dir, file.replace(/\.ts$/, '.mjs'));
      await writeFile(full, js);
      return import(/* @vite-ignore */ pathToFileURL(full).href);
    },
    async remove() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
