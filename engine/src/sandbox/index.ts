/*
 * The script sandbox: user scripts (the script node) in isolated-vm with memory, CPU and wall-clock
 * limits, and the TypeScript tooling used at publish. See README.md beside this file.
 */
export { createScriptSandbox } from './script-sandbox.factory.js';
export type {
  JsonValue,
  LogLevel,
  LogLine,
  ScriptApiFunctions,
  ScriptError,
  ScriptErrorCode,
  ScriptRunRequest,
  ScriptRunResult,
  ScriptSandbox,
  ScriptSandboxOptions,
  ScriptSandboxStats,
} from './sandbox.types.js';
export { transpileScript, type ScriptDiagnostic, type ScriptLanguage, type TranspileResult } from './script.transpiler.js';
export {
  checkScriptTypes,
  createScriptTypeChecker,
  type ScriptTypeChecker,
  type ScriptTypeCheckRequest,
} from './script-type.checker.js';
