import type { Process } from '../../generated/definition.types.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { NODE_TYPES } from '../process/node-type.catalog.js';
import { scriptLockIssues } from '../script/script-lock.rules.js';
import { checkGraph } from './process-graph.rules.js';
import { checkNodes } from './process-node.rules.js';
import { checkTrigger, triggerEntity } from './process-trigger.rules.js';
import { issue, repeatedNames, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';

/*
 * Processes: unique names and webhook names, a trigger and nodes that resolve, a sound graph, and
 * before-save processes that neither start without a record nor wait, and api.lock only where a
 * save's transaction holds it (script/script-lock.rules.ts).
 */

const BEFORE_SAVE_TRIGGERS: ReadonlySet<string> = new Set(['record', 'stage']);

function beforeSaveIssues(process: Process, at: string): DefinitionIssue[] {
  if (process.mode !== 'before-save') return [];
  const issues: DefinitionIssue[] = [];
  if (!BEFORE_SAVE_TRIGGERS.has(process.trigger.type)) {
    issues.push(issue('BEFORE_SAVE_TRIGGER', joinPointer(at, 'trigger', 'type'), m.beforeSaveTrigger(process.name, process.trigger.type), { process: process.name }));
  }
  process.nodes.forEach((node, n) => {
    const pointer = joinPointer(at, 'nodes', n);
    const scope = { process: process.name, nodeId: node.id };
    const info = NODE_TYPES[node.type];
    if (info.beforeSave) return;
    // People and timers make the run wait; the others (HTTP, a child run) reach outside the save's transaction.
    const waits = info.category === 'people' || info.category === 'timing';
    issues.push(issue('BEFORE_SAVE_NODE', pointer, (waits ? m.beforeSaveNode : m.beforeSaveOutside)(process.name, node.id, node.type), scope));
  });
  return issues;
}

function webhookIssues(processes: readonly Process[]): DefinitionIssue[] {
  const owners = new Map<string, string>();
  return processes.flatMap((process, i) => {
    if (process.trigger.type !== 'webhook') return [];
    const hook = process.trigger.name;
    const other = owners.get(hook);
    if (other === undefined) {
      owners.set(hook, process.name);
      return [];
    }
    return [issue('DUPLICATE_NAME', joinPointer('', 'processes', i, 'trigger', 'name'), m.duplicateWebhook(process.name, hook, other), { process: process.name })];
  });
}

export function checkProcesses(ctx: RuleContext): DefinitionIssue[] {
  const processes = ctx.app.processes ?? [];
  const repeated = new Set(repeatedNames(processes, (p) => p.name).map((r) => r.index));
  const issues = processes.flatMap((process, i) => {
    const at = joinPointer('', 'processes', i);
    const duplicate = repeated.has(i) ? [issue('DUPLICATE_NAME', joinPointer(at, 'name'), m.duplicateProcess(process.name), { process: process.name })] : [];
    return [
      ...duplicate,
      ...checkTrigger(ctx, process, at),
      ...checkNodes(ctx, process, at, triggerEntity(process.trigger)),
      ...checkGraph(ctx, process, at),
      ...beforeSaveIssues(process, at),
      ...scriptLockIssues(process, at),
    ];
  });
  return [...issues, ...webhookIssues(processes)];
}
