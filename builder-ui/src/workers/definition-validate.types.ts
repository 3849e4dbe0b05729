import { validateApp, type App, type DefinitionIssue } from '@crm/schemas';

/*
 * The messages between the draft store and its validation worker (definition-validate.worker.ts):
 * the page sends the draft (a structured clone) with its revision, the worker answers the issues
 * for that revision, or why it could not validate.
 */

export interface DraftValidationRequest {
  revision: number;
  app: App;
}

export type DraftValidationAnswer =
  | { kind: 'issues'; revision: number; issues: DefinitionIssue[] }
  | { kind: 'failed'; revision: number; message: string };

/** The issues the server would give for this draft: shape first, then semantics. */
export function draftIssuesOf(app: App): DefinitionIssue[] {
  const result = validateApp(app);
  return result.ok ? [] : result.issues;
}
