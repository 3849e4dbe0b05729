import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchDraft } from '../api/definition-draft.api.js';
import { fetchLiveDefinition } from '../api/definitions.api.js';
import { useDefinitionDraftStore } from './definition-draft.store.js';
import { signedInAdmin } from './ui-runtime.fixture.js';

/*
 * "Discard changes" against a real runtime with b2b-sales live: the store knows whether the draft
 * differs from the published app, and a discard makes the server's draft and the builder's document
 * the live app again, even with an autosave waiting or being sent at that moment.
 */

describe('the definition draft store and the live app', () => {
  beforeAll(async () => {
    await signedInAdmin();
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  function relabel(draft: ReturnType<typeof useDefinitionDraftStore>, label: string): void {
    draft.apply({ label: 'Rename', patches: [{ op: 'set', path: ['entities', 0, 'label', 'en'], value: label }] });
  }

  it('offers a discard only when the draft differs from live, and a discard brings live back on both sides', async () => {
    // ARRANGE
    const draft = useDefinitionDraftStore();
    draft.autosaveDelayMs = 0;
    await draft.load();
    const live = await fetchLiveDefinition();
    expect(draft.live).toEqual(live);
    expect(draft.differsFromLive).toBe(false);
    relabel(draft, 'Changed in the draft');
    expect(draft.differsFromLive).toBe(true);
    await draft.save();
    expect(await fetchDraft()).toEqual(draft.document);

    // ACT
    await draft.discard();

    // ASSERT
    expect(draft.document).toEqual(live);
    expect(draft.differsFromLive).toBe(false);
    expect(draft.canUndo).toBe(false);
    expect(draft.saveState).toBe('idle');
    expect(await fetchDraft()).toEqual(live);
  });

  it("takes the server's copy after a save but keeps the parts it did not change as the same objects", async () => {
    const draft = useDefinitionDraftStore();
    draft.autosaveDelayMs = 0;
    await draft.load();
    const before = draft.document;
    if (!before) throw new Error('no draft');
    relabel(draft, 'Renamed before a save');
    const edited = draft.document;
    await draft.save();
    expect(draft.saveState).toBe('saved');
    expect(draft.document).toEqual(await fetchDraft());
    // Nothing but the renamed entity's label changed: every other entity, and every process, is the object held before.
    expect(draft.document?.entities[0]?.label.en).toBe('Renamed before a save');
    expect(draft.document?.entities.slice(1)).toEqual(before.entities.slice(1));
    draft.document?.entities.slice(1).forEach((entity, i) => expect(entity).toBe(edited?.entities[i + 1]));
    expect(draft.document?.processes).toBe(edited?.processes);
    await draft.discard();
  });

  it('a save being sent, or an autosave waiting, does not bring the draft back after a discard', async () => {
    // ARRANGE
    const draft = useDefinitionDraftStore();
    draft.autosaveDelayMs = 0;
    await draft.load();
    const live = await fetchLiveDefinition();
    relabel(draft, 'Being sent');
    const sending = draft.save();

    // ACT
    await draft.discard();
    await sending;
    draft.autosaveDelayMs = 30;
    relabel(draft, 'Waiting for autosave');
    await draft.discard();
    await new Promise((resolve) => setTimeout(resolve, 200));

    // ASSERT
    expect(draft.document).toEqual(live);
    expect(draft.saveState).toBe('idle');
    expect(await fetchDraft()).toEqual(live);
  });

  it('loads the draft once when the route and then the screen ask for it, and not again once loaded', async () => {
    // ARRANGE: the page's fetch, watched (it still reaches the runtime).
    const draft = useDefinitionDraftStore();
    const watched = vi.spyOn(window, 'fetch');
    const draftRequests = (): number => watched.mock.calls.filter(([url]) => String(url).endsWith('/api/definitions/draft')).length;

    // ACT: the route's guard starts the load, the screen's mount asks while it is on its way.
    await Promise.all([draft.ensureLoaded(), draft.ensureLoaded()]);
    const loaded = draft.document;
    await draft.ensureLoaded();
    const requests = draftRequests();
    watched.mockRestore();

    // ASSERT
    expect(requests).toBe(1);
    expect(draft.document).toBe(loaded);
    expect(loaded).toEqual(await fetchDraft());
  });
});
