import { afterEach, describe, expect, it, vi } from 'vitest';
import type { App } from '@crm/schemas';
import { DRAFT_PATH, fetchDraft, saveDraft } from './definition-draft.api.js';
import { ApiError, apiRequest, requestEarly } from './http.client.js';
import { fetchMe, login, logout } from './session.api.js';
import { adminCredentials } from '../stores/ui-runtime.fixture.js';

/*
 * Early answers (http.client.ts) against a real runtime: the page asks for its first screen's reads
 * as it starts, and the screen's own GET takes that answer instead of asking again; a 401 (asked
 * before the session existed) is never taken.
 */

function named(app: unknown, name: string): App {
  return { ...(app as App), name };
}

/** The requests for `path` that left the page (counted on the way out; each still reaches the runtime). */
function sent(requests: { mock: { calls: unknown[][] } }, path: string): number {
  return requests.mock.calls.filter(([url]) => String(url) === path).length;
}

describe('early answers', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

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
    const requests = vi.spyOn(globalThis, 'fetch');
    // Asked while signed out: the runtime answers 401.
    await requestEarly([DRAFT_PATH]);
    await login(adminCredentials());
    expect(await fetchDraft()).toMatchObject({ entities: expect.any(Array) });
    expect(sent(requests, DRAFT_PATH)).toBe(2);
  });

  it('are taken when they say no, so a refusal is not asked for twice', async () => {
    const missing = '/api/records/deal/00000000-0000-4000-8000-000000000000';
    const requests = vi.spyOn(globalThis, 'fetch');
    await requestEarly([missing]);
    const refusal = await apiRequest('GET', missing).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 404 });
    expect(sent(requests, missing)).toBe(1);
  });
});
