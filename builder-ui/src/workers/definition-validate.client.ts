import type { App, DefinitionIssue } from '@crm/schemas';
import { draftIssuesOf, type DraftValidationAnswer } from './definition-validate.types.js';

/*
 * Validates drafts for the draft store: in a module worker (definition-validate.worker.ts) when the
 * browser has one, else (happy-dom in the unit tests, a browser without module workers) with the
 * same validators on this thread, deferred to a task of its own so the edit that asked for it is
 * drawn first. A worker that cannot start or cannot validate is ended and this thread takes over
 * the draft it had, so an answer always comes. The caller sends one draft at a time
 * (domain/draft-validation.rules.ts), so at most one is in flight.
 */

export interface DraftValidator {
  validate(revision: number, app: App): void;
}

export type IssuesListener = (revision: number, issues: DefinitionIssue[]) => void;

/*
 * The builder's pages run without 'unsafe-eval' (only the worker's script may generate code), so on
 * this thread a check that compiles (a step's declared output schema) is refused. Then the draft
 * says so as its one problem instead of showing none: publishing still checks it on the server.
 */
export const DRAFT_NOT_CHECKED = 'DRAFT_NOT_CHECKED';

function issuesOrUnchecked(app: App): DefinitionIssue[] {
  try {
    return draftIssuesOf(app);
  } catch {
    return [
      {
        code: DRAFT_NOT_CHECKED,
        pointer: '',
        message: {
          ru: 'Этот браузер не смог проверить черновик. Публикация проверит его на сервере.',
          en: 'This browser could not check the draft. Publishing will check it on the server.',
        },
      },
    ];
  }
}

export function startDraftValidator(onIssues: IssuesListener): DraftValidator {
  let inFlight: { revision: number; app: App } | null = null;
  // Started with the store (the builder's pages only), so the worker's script loads while the page
  // fetches the draft and draws, not after.
  let worker = startWorker();

  function inThread(revision: number, app: App): void {
    setTimeout(() => onIssues(revision, issuesOrUnchecked(app)), 0);
  }

  function takeOver(): void {
    worker?.terminate();
    worker = null;
    const lost = inFlight;
    inFlight = null;
    if (lost) inThread(lost.revision, lost.app);
  }

  function startWorker(): Worker | null {
    if (typeof Worker !== 'function') return null;
    try {
      const started = new Worker(new URL('./definition-validate.worker.ts', import.meta.url), { type: 'module', name: 'definition-validate' });
      started.onmessage = (event: MessageEvent<DraftValidationAnswer>) => {
        const answer = event.data;
        if (answer.kind === 'failed') return takeOver();
        inFlight = null;
        onIssues(answer.revision, answer.issues);
      };
      started.onerror = (event) => {
        event.preventDefault();
        takeOver();
      };
      return started;
    } catch {
      return null;
    }
  }

  return {
    validate(revision, app) {
      if (!worker) return inThread(revision, app);
      try {
        inFlight = { revision, app };
        worker.postMessage({ revision, app });
      } catch {
        // A value the structured clone refuses (it never should: drafts are JSON) is validated here.
        takeOver();
      }
    },
  };
}
