import { DRAFT_PATH } from '../api/definition-draft.api.js';
import { LIVE_DEFINITION_PATH } from '../api/definitions.api.js';

/**
 * What the draft store's load reads (the draft and the live app beside it): a screen showing the
 * draft names them in its route's `meta.earlyAnswers`, so on a full page load of that screen they
 * are asked for as the page starts (main.ts), beside the session, not after it.
 */
export const DRAFT_READS: readonly string[] = [DRAFT_PATH, LIVE_DEFINITION_PATH];

/**
 * A route guard for builder screens that show the draft: starts loading it as soon as the session
 * is known, while the router is still fetching the screen's code, instead of after the screen has
 * mounted (on a full page load of the process designer that was the slowest wait before the canvas).
 * The store's module is imported here, not statically, so the app's entry chunk stays as it is; it
 * is awaited (the screen's code needs it anyway) so that the request leaves before the screen
 * mounts. Never refuses the navigation; a failed load is shown by the screen as before.
 */
export async function prefetchDraft(): Promise<true> {
  try {
    const { useDefinitionDraftStore } = await import('../stores/definition-draft.store.js');
    void useDefinitionDraftStore().ensureLoaded();
  } catch {
    // The screen imports the store itself and reports what failed.
  }
  return true;
}
