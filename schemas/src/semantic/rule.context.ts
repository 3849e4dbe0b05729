import type { App } from '../../generated/definition.types.js';
import type { DefinitionCatalog } from '../definition/definition.catalog.js';
import type { SubjectsMemo } from '../process/process-subjects.mapping.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';

/** What every semantic rule gets: the (shape-valid) app and lookups over it. */
export interface RuleContext {
  app: App;
  catalog: DefinitionCatalog;
  /** Shared by the checks of one pass: what the nodes' subjects have in common (process-subjects.mapping.ts). */
  subjects?: SubjectsMemo;
}

export interface ProcessScope {
  process?: string;
  nodeId?: string;
}

export function issue(code: string, pointer: string, message: LocalizedMessage, scope: ProcessScope = {}): DefinitionIssue {
  const out: DefinitionIssue = { code, pointer, message };
  if (scope.process !== undefined) out.process = scope.process;
  if (scope.nodeId !== undefined) out.nodeId = scope.nodeId;
  return out;
}

/** The later occurrences of names already seen, with their index. */
export function repeatedNames<T>(items: readonly T[], nameOf: (item: T) => string): Array<{ index: number; name: string }> {
  const seen = new Set<string>();
  const repeated: Array<{ index: number; name: string }> = [];
  items.forEach((item, index) => {
    const name = nameOf(item);
    if (seen.has(name)) repeated.push({ index, name });
    seen.add(name);
  });
  return repeated;
}
