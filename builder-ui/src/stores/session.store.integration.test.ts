import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signedInAdmin } from './ui-runtime.fixture.js';
import { useSessionStore } from './session.store.js';

/* The session read against a real runtime: main.ts and the router's guard ask for it at once. */

describe('the session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads the session once however many ask while it is on its way', async () => {
    const admin = await signedInAdmin();
    const session = useSessionStore();
    // Counted on the way out; every request still reaches the runtime.
    const requests = vi.spyOn(globalThis, 'fetch');
    await Promise.all([session.restore(), session.restore()]);
    expect(requests.mock.calls.filter(([url]) => String(url).endsWith('/api/auth/me'))).toHaveLength(1);
    expect(session.restored).toBe(true);
    expect(session.user?.id).toBe(admin.id);
    // Once read, asking again sends nothing.
    await session.restore();
    expect(requests.mock.calls.filter(([url]) => String(url).endsWith('/api/auth/me'))).toHaveLength(1);
    expect(session.user?.id).toBe(admin.id);
  });
});
