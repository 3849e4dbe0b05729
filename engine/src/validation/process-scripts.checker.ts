import { recordTypeName, recordTypesFor, subjectsAtNode, typeExpressionOf, type App, type DefinitionIssue, type Process } from '@crm/schemas';
import { createScriptTypeChecker, type ScriptTypeChecker } from '../sandbox/index.js';

/*
 * Before publish, every script node is checked the way its author will run it: JavaScript for
 * syntax, TypeScript against the app's generated record types (`record` is the trigger entity's
 * record type, the `api` methods are typed per entity). Problems come back as definition issues on
 * the script's source, with the line and column in the script and the node's id, in ru and en.
 */

function triggerEntityOf(trigger: { type: string; entity?: string }): string | undefined {
  return typeof trigger.entity === 'string' ? trigger.entity : undefined;
}

/** `api` typed per entity: getRecord('deal', id) gives a DealRecord. */
function apiDeclarations(app: App): string {
  const members = app.entities.flatMap((entity) => {
    const type = recordTypeName(entity.name);
    const name = JSON.stringify(entity.name);
    return [
      `  getRecord(entity: ${name}, id: string): Promise<${type} | null>;`,
      `  findRecords(entity: ${name}, filter?: unknown, limit?: number): Promise<${type}[]>;`,
      `  createRecord(entity: ${name}, values: Partial<${type}>): Promise<${type}>;`,
      `  updateRecord(entity: ${name}, id: string, values: Partial<${type}>): Promise<${type}>;`,
    ];
  });
  return `interface ScriptApi {\n${members.join('\n')}\n}\n`;
}

/**
 * `steps` and `trigger` typed from the node-type and trigger catalogs: the outputs of the steps
 * that can run before the script (subjectsAtNode), and the trigger's payload. Both keep their
 * index signature, so other keys still read as unknown.
 */
function scopeTypes(app: App, process: Process, nodeId: string): { stepsType: string; triggerType: string } {
  const { subjects } = subjectsAtNode(app, process, nodeId);
  const steps = subjects
    .filter((s) => s.root.startsWith('steps.'))
    .map((s) => `readonly ${JSON.stringify(s.root.slice('steps.'.length))}: ${typeExpressionOf(s.schema)};`);
  const trigger = subjects.find((s) => s.root === 'trigger');
  return {
    stepsType: steps.length === 0 ? 'ScriptSteps' : `ScriptSteps & { ${steps.join(' ')} }`,
    triggerType: trigger ? `ScriptTrigger & ${typeExpressionOf(trigger.schema)}` : 'ScriptTrigger',
  };
}

let sharedChecker: ScriptTypeChecker | null = null;

export async function checkProcessScripts(app: App, checker: ScriptTypeChecker = (sharedChecker ??= createScriptTypeChecker())): Promise<DefinitionIssue[]> {
  const scripts = (app.processes ?? []).flatMap((process, p) =>
    process.nodes.flatMap((node, n) => (node.type === 'script' ? [{ process, node, p, n, source: node.config.source, language: node.config.language ?? 'javascript' }] : [])),
  );
  if (scripts.length === 0) return [];
  const recordTypes = await recordTypesFor(app);
  const api = apiDeclarations(app);
  const issues: DefinitionIssue[] = [];
  for (const script of scripts) {
    const entity = triggerEntityOf(script.process.trigger);
    const diagnostics = checker.check({
      source: script.source,
      language: script.language,
      recordTypes,
      recordTypeName: entity && app.entities.some((e) => e.name === entity) ? recordTypeName(entity) : 'null',
      apiDeclarations: api,
      ...scopeTypes(app, script.process, script.node.id),
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
