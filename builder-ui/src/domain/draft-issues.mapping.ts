import { pointerTokens, type DefinitionIssue, type LocalizedMessage, type Process } from '@crm/schemas';
import { humanProcessMessage } from './issue-wording.mapping.js';

/*
 * Where on the canvas a definition issue belongs: the validators name JSON pointers into the whole
 * app (/processes/2/nodes/5/config/role), the canvas needs a node id, an edge index and the path
 * inside the node's config (so the property panel can put the message beside the field).
 */

export interface ProcessProblem {
  /** Issue codes from the validators; lint codes from graph-lint.rules. */
  code: string;
  severity: 'error' | 'warning';
  message: LocalizedMessage;
  /** 'trigger' for the trigger, a node id, or undefined for the process as a whole. */
  nodeId?: string;
  /** Index into process.edges. */
  edgeIndex?: number;
  /** Path inside the node's config, e.g. ['condition', 'value']. */
  configPath?: Array<string | number>;
}

function token(raw: string): string | number {
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** The issues of the process at `processIndex` (named `process.name`), placed on nodes and edges. */
export function processProblems(issues: readonly DefinitionIssue[], processIndex: number, process: Process): ProcessProblem[] {
  const problems: ProcessProblem[] = [];
  for (const issue of issues) {
    const tokens = pointerTokens(issue.pointer).map(token);
    const inThisProcess = tokens[0] === 'processes' && tokens[1] === processIndex;
    if (!inThisProcess && issue.process !== process.name) continue;
    const problem: ProcessProblem = { code: issue.code, severity: 'error', message: issue.message };
    const [, , part, index, member, ...rest] = tokens;
    if (inThisProcess && part === 'nodes' && typeof index === 'number') {
      const node = process.nodes[index];
      if (node) problem.nodeId = node.id;
      if (member === 'config') problem.configPath = rest;
    } else if (inThisProcess && part === 'edges' && typeof index === 'number') {
      problem.edgeIndex = index;
    } else if (inThisProcess && part === 'trigger') {
      problem.nodeId = 'trigger';
    }
    if (problem.nodeId === undefined && issue.nodeId !== undefined) problem.nodeId = issue.nodeId;
    problem.message = humanProcessMessage(process, problem.nodeId ?? issue.nodeId, issue.message);
    problems.push(problem);
  }
  return problems;
}
