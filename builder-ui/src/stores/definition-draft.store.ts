import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { canonicalJson, type App, type DefinitionIssue } from '@crm/schemas';
import { discardDraft, fetchDraft, saveDraft, saveDraftOnLeave } from '../api/definition-draft.api.js';
import { keepUnchangedParts } from '../domain/unchanged-parts.rules.js';
import { fetchLiveDefinition } from '../api/definitions.api.js';
import { applyDraftChange, type DraftChange } from '../domain/definition-draft.apply.js';
import { emptyApp, isAppOutline } from '../domain/definition-outline.rules.js';
import { draftDiffersFromLive } from '../domain/draft-live.rules.js';
import { answerRound, isSettled, NO_VALIDATION_ROUNDS, requestRound } from '../domain/draft-validation.rules.js';
import { startDraftValidator } from '../workers/definition-validate.client.js';

/*
 * The draft being edited: the document, its undo and redo stacks, its issues and its autosave.
 * Every editor changes it only through `apply` with a DraftChange (JSON patches); the inverse
 * comes back from the apply, so undo covers every edit. Issues are computed with the same
 * validators the server runs (shape, then semantics), so the builder shows them as the analyst
 * types; they are computed off the main thread (workers/definition-validate.*) and arrive a moment
 * after the edit, so code that needs the current draft's issues (publishing) awaits issuesSettled().
 * Saving keeps work in progress with issues. The live (published) app is kept beside it, so the
 * toolbar offers "Discard changes" only when the draft differs from it.
 */

const UNDO_LIMIT = 200;

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

export const useDefinitionDraftStore = defineStore('definition-draft', () => {
  const document = shallowRef<App | null>(null);
  /** The published app; null when nothing is published (or not loaded yet). */
  const live = shallowRef<App | null>(null);
  const issues = shallowRef<DefinitionIssue[]>([]);
  const undoStack = shallowRef<DraftChange[]>([]);
  const redoStack = shallowRef<DraftChange[]>([]);
  const saveState = ref<SaveState>('idle');
  const saveError = ref<unknown>(null);
  const loadError = ref<unknown>(null);
  /** Milliseconds between the last edit and the autosave; 0 turns autosave off (tests). */
  const autosaveDelayMs = ref(800);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let revision = 0;
  /** The save being sent, so a discard waits for it instead of racing it to the server. */
  let sending: Promise<void> | null = null;

  /** Edits the server does not have yet (waiting for autosave, being sent, or refused). */
  const unsaved = computed(() => saveState.value === 'pending' || saveState.value === 'saving' || saveState.value === 'failed');
  /** The draft (with edits not saved yet) differs from the published app: there are changes to discard. */
  const liveJson = computed(() => (live.value ? canonicalJson(live.value) : null));
  const differsFromLive = computed(() => draftDiffersFromLive(document.value, liveJson.value));
  const canUndo = computed(() => undoStack.value.length > 0);
  const canRedo = computed(() => redoStack.value.length > 0);
  const undoLabel = computed(() => undoStack.value[undoStack.value.length - 1]?.label ?? null);
  const redoLabel = computed(() => redoStack.value[redoStack.value.length - 1]?.label ?? null);

  let rounds = NO_VALIDATION_ROUNDS;
  /** A validation of the document is under way: its issues may still change (screens and tests can wait for it). */
  const checking = shallowRef(false);
  let settledWaiters: Array<(settled: DefinitionIssue[]) => void> = [];
  const validator = startDraftValidator((answered, answer) => {
    const step = answerRound(rounds, answered);
    rounds = step.rounds;
    if (step.keep) issues.value = answer;
    sendRound(step.send);
    if (!isSettled(rounds)) return;
    checking.value = false;
    const waiting = settledWaiters;
    settledWaiters = [];
    for (const resolve of waiting) resolve(issues.value);
  });

  function sendRound(send: number | null): void {
    // A document once loaded is never unloaded, so a round asked for always has one to send.
    if (send !== null && document.value) validator.validate(send, document.value);
  }

  /** Validates the current document; its issues replace the shown ones when no newer edit came. */
  function revalidate(): void {
    if (!document.value) return;
    const step = requestRound(rounds);
    rounds = step.rounds;
    checking.value = !isSettled(rounds);
    sendRound(step.send);
  }

  /** The current document's issues, once validated (at once when they already are). */
  function issuesSettled(): Promise<DefinitionIssue[]> {
    if (isSettled(rounds)) return Promise.resolve(issues.value);
    return new Promise((resolve) => settledWaiters.push(resolve));
  }

  function applyDocument(next: App): void {
    document.value = next;
    revision += 1;
    revalidate();
    scheduleSave();
  }

  async function load(): Promise<void> {
    loadError.value = null;
    try {
      const [loaded, published] = await Promise.all([fetchDraft(), fetchLiveDefinition()]);
      live.value = published;
      document.value = isAppOutline(loaded) ? loaded : emptyApp();
      undoStack.value = [];
      redoStack.value = [];
      revalidate();
    } catch (error: unknown) {
      loadError.value = error;
    }
  }

  let loading: Promise<void> | null = null;
  /**
   * Loads the draft unless it is loaded or on its way: the route opening a screen starts it while
   * the screen's code is fetched, and the screen's own call then waits for that same load.
   */
  function ensureLoaded(): Promise<void> {
    if (document.value) return Promise.resolve();
    loading ??= load().finally(() => {
      loading = null;
    });
    return loading;
  }

  /** The draft is the live app again (after a discard): no history, nothing waiting to be saved. */
  function applyLive(published: App): void {
    live.value = published;
    document.value = published;
    revision += 1;
    undoStack.value = [];
    redoStack.value = [];
    saveError.value = null;
    saveState.value = 'idle';
    revalidate();
  }

  /**
   * "Discard changes": the server throws the draft away and the builder shows the live app. An
   * autosave still waiting is dropped, one being sent is awaited first (else it would bring the
   * draft back after the discard). Throws the ApiError when the server refuses (nothing published).
   */
  async function discard(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    if (sending) await sending;
    applyLive(await discardDraft());
  }

  /** Starts from a given document (a template, a test fixture) with empty history. */
  function applyReset(next: App): void {
    undoStack.value = [];
    redoStack.value = [];
    applyDocument(next);
  }

  /** Applies a change and records its inverse; throws DraftPathError (and changes nothing) when it does not fit. */
  function apply(change: DraftChange): void {
    if (!document.value) throw new Error('The draft is not loaded yet.');
    const applied = applyDraftChange(document.value, change, isAppOutline);
    undoStack.value = [...undoStack.value, applied.inverse].slice(-UNDO_LIMIT);
    redoStack.value = [];
    applyDocument(applied.document);
  }

  function undo(): void {
    const change = undoStack.value[undoStack.value.length - 1];
    if (!change || !document.value) return;
    const applied = applyDraftChange(document.value, change, isAppOutline);
    undoStack.value = undoStack.value.slice(0, -1);
    redoStack.value = [...redoStack.value, applied.inverse];
    applyDocument(applied.document);
  }

  function redo(): void {
    const change = redoStack.value[redoStack.value.length - 1];
    if (!change || !document.value) return;
    const applied = applyDraftChange(document.value, change, isAppOutline);
    redoStack.value = redoStack.value.slice(0, -1);
    undoStack.value = [...undoStack.value, applied.inverse];
    applyDocument(applied.document);
  }

  function scheduleSave(): void {
    if (autosaveDelayMs.value <= 0) return;
    if (timer) clearTimeout(timer);
    saveState.value = 'pending';
    timer = setTimeout(() => void save(), autosaveDelayMs.value);
  }

  /** Saves now (autosave calls it; the publish dialog awaits it first). */
  function save(): Promise<void> {
    const sent = send();
    sending = sent;
    void sent.finally(() => {
      if (sending === sent) sending = null;
    });
    return sent;
  }

  async function send(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!document.value) return;
    const sent = revision;
    saveState.value = 'saving';
    try {
      const answer = await saveDraft(document.value);
      // The server gave new entities and fields their stable ids; take them unless the analyst
      // edited meanwhile (the next save sends the edit and gets the ids then).
      // Parts the server left as they were stay the same objects, so nothing re-renders for them (unchanged-parts.rules.ts).
      if (sent === revision && isAppOutline(answer.definition)) document.value = keepUnchangedParts(document.value, answer.definition);
      if (sent === revision) revalidate();
      saveError.value = null;
      saveState.value = sent === revision ? 'saved' : 'pending';
    } catch (error: unknown) {
      saveError.value = error;
      saveState.value = 'failed';
    }
  }

  let sentOnLeave = -1;
  /**
   * The page is going away (reload, another address, the tab closed) with edits not saved: they are
   * sent now, in a request the browser completes after the page is gone. False when the draft is
   * too large for that; the page then asks the person to stay until it is saved.
   */
  function saveOnLeave(): boolean {
    if (!unsaved.value || !document.value || sentOnLeave === revision) return true;
    if (!saveDraftOnLeave(document.value)) {
      void save();
      return false;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    sentOnLeave = revision;
    return true;
  }

  return {
    document,
    live,
    differsFromLive,
    discard,
    unsaved,
    saveOnLeave,
    issues,
    issuesSettled,
    checking,
    saveState,
    saveError,
    loadError,
    autosaveDelayMs,
    canUndo,
    canRedo,
    undoLabel,
    redoLabel,
    load,
    ensureLoaded,
    save,
    apply,
    applyReset,
    undo,
    redo,
  };
});
