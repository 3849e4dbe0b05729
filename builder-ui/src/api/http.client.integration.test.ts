import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { DRAFT_PATH, fetchDraft, saveDraft } from './definition-draft.api.js';
import { requestEarly } from './http.client.js';
import { fetchMe, login, logout } from './session.api.js';
import { adminCredentials } from '../stores/ui-runtime.fixture.js';

/*
 * Early answers (http.client.ts) against a real runtime: the page asks for its first screen's reads
 * as it starts, and the screen's own GET takes that answer instead of asking again; an answer that
 * was refused (asked before the session existed) is never taken.
 */

function named(app: unknown, name: string): App {
  return { ...(app as App), name };
}

describe('early answers', () => {
  it('are taken once by the next GET of the same path', async () => {
    await fetchMe();
    const before = await fetchDraft();
    await requestEarly([DRAFT_PATH]);
    // Changed after the early answer arrived: a GET that takes it still sees the draft as it was then.
    await saveDraft(named(before, 'Changed after the early read'));
    expect((await fetchDraft()) as App).toMatchObject({ name: (before as App).name });
    // Taken once: the next GET asks the runtime.
    expect((await fetchDraft()) as App).toMatchObject({ name: 'Changed after the early read' });
    await saveDraft(before);
  });

  it('are dropped when refused, and the GET asks again', async () => {
    await fetchMe();
    await logout();
    // Asked while signed out: the runtime answers 401.
    await requestEarly([DRAFT_PATH]);
    await login(adminCredentials());
    expect(await fetchDraft()).toMatchObject({ entities: expect.any(Array) });
  });
});
