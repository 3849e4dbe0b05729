import { apiDeclarationsFor, recordDeclarationsFor, scriptScopeTypes, type App, type DefinitionIssue } from '@crm/schemas';
import { createScriptTypeChecker, type ScriptTypeChecker } from '../sandbox/index.js';

/*
 * Before publish, every script node is checked the way its author will run it: JavaScript for
 * syntax, TypeScript against the app's generated record types (`record` is the trigger entity's
 * record type, the `api` methods are typed per entity). Problems come back as definition issues on
 * the script's source, with the line and column in the script and the node's id, in ru and en.
 */

let sharedChecker: ScriptTypeChecker | null = null;

export async function checkProcessScripts(app: App, checker: ScriptTypeChecker = (sharedChecker ??= createScriptTypeChecker())): Promise<DefinitionIssue[]> {
  const scripts = (app.processes ?? []).flatMap((process, p) =>
    process.nodes.flatMap((node, n) => (node.type === 'script' ? [{ process, node, p, n, source: node.config.source, language: node.config.language ?? 'javascript' }] : [])),
  );
  if (scripts.length === 0) return [];
  // The same declarations the builder's code editor types the script with (@crm/schemas script-declarations.mapping).
  const recordTypes = recordDeclarationsFor(app);
  const api = apiDeclarationsFor(app);
  const issues: DefinitionIssue[] = [];
  for (const script of scripts) {
    const diagnostics = checker.check({
      source: script.source,
      language: script.language,
      recordTypes,
      apiDeclarations: api,
      ...scriptScopeTypes(app, script.process, script.node.id),
    });
    for (const d of diagnostics.slice(0, 20)) {
      issues.push({
        code: 'SCRIPT_TYPE_ERROR',
        pointer: `/processes/${script.p}/nodes/${script.n}/config/source`,
        process: script.process.name,
        nodeId: script.node.id,
        message: {
          en: `Script of node "${script.node.id}" in process "${script.process.name}", line ${d.line}, column ${d.column}: ${d.message}`,
          ru: `Скрипт узла «${script.node.id}» процесса «${script.process.name}», строка ${d.line}, столбец ${d.column}: ${d.message}`,
        },
      });
    }
  }
  return issues;
}
