import type { App, Node } from '../../generated/definition.types.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { validateApp } from '../validation/app.validator.js';
import { fullApp, mainProcess } from './full-app.fixture.js';

/* Steps shared by the semantic validation tests: change the full app, read the issues. */

/** Applies `change` to a fresh valid app and returns the issues validateApp reports. */
export function issuesAfter(change: (app: App) => void): DefinitionIssue[] {
  const app = fullApp();
  change(app);
  const result = validateApp(app);
  if (result.ok) throw new Error('expected issues, the app validated');
  return result.issues;
}

export function nodeOf<T extends Node['type']>(app: App, id: string, type: T): Extract<Node, { type: T }> {
  const node = mainProcess(app).nodes.find((n): n is Extract<Node, { type: T }> => n.id === id && n.type === type);
  if (!node) throw new Error(`fixture has no ${type} node ${id}`);
  return node;
}

export function pipelineOf(app: App) {
  const pipeline = app.pipelines?.[0];
  if (!pipeline) throw new Error('fixture has a pipeline');
  return pipeline;
}

export function codesAndPointers(issues: readonly DefinitionIssue[]): Array<[string, string]> {
  return issues.map((i) => [i.code, i.pointer]);
}
