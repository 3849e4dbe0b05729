import { draftIssuesOf, type DraftValidationAnswer, type DraftValidationRequest } from './definition-validate.types.js';

/*
 * The draft's validation, off the designer's main thread: Ajv compiles the app schema on the first
 * draft (a third of a second of CPU) and every edit is validated again, which on the main thread
 * held up loading and each drag end. Ajv generates its validators with new Function, so this
 * worker's script is served with the builder's policy ('unsafe-eval', ui-static.routes.ts).
 */

function post(answer: DraftValidationAnswer): void {
  self.postMessage(answer);
}

self.onmessage = (event: MessageEvent<DraftValidationRequest>) => {
  const { revision, app } = event.data;
  try {
    post({ kind: 'issues', revision, issues: draftIssuesOf(app) });
  } catch (error: unknown) {
    post({ kind: 'failed', revision, message: error instanceof Error ? error.message : String(error) });
  }
};

// Compiles the app schema now, while the page is still fetching the draft: the first answer is then
// as quick as the next ones. Whatever goes wrong here goes wrong again, answered, with the first draft.
try {
  draftIssuesOf({ name: 'warm_up', entities: [] });
} catch {
  // answered with the first draft
}
