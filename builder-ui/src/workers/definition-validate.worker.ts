// The shape validators generated ahead of time: nothing to compile when the page opens.
import '@crm/schemas/precompiled';
import { draftIssuesOf, type DraftValidationAnswer, type DraftValidationRequest } from './definition-validate.types.js';

/*
 * The draft's validation, off the designer's main thread: every edit is validated again, which on
 * the main thread held up loading and each drag end. The shape validators come precompiled; the
 * semantic checks still compile what an analyst declares (a step's output schema), so this
 * worker's script, and no page, is served with 'unsafe-eval' (ui-static.routes.ts).
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
