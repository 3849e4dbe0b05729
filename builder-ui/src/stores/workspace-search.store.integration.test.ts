import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRecord } from '../api/records.api.js';
import { fetchMe } from '../api/session.api.js';
import { useWorkspaceSearchStore } from './workspace-search.store.js';

/* Global search against a real runtime (tests/support/ui-runtime.setup.ts) with the b2b-sales template. */

const entities = [
  { name: 'company', display: 'name', fields: [{ name: 'name', type: 'text' as const }] },
  { name: 'deal', display: 'title', fields: [{ name: 'title', type: 'text' as const }] },
  // Not in the definition: the runtime refuses it, and the search leaves it out.
  { name: 'ghost', display: 'title', fields: [{ name: 'title', type: 'text' as const }] },
];

describe('the global search store', () => {
  beforeAll(async () => {
    await fetchMe();
    const company = await createRecord('company', { name: 'Ромашка' });
    await createRecord('deal', { title: 'Ромашка: поставка', amount: 10_000, company: company.id });
    await createRecord('deal', { title: 'Ромашка: сервис', amount: 20_000, company: company.id });
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('asks every entity, groups what it finds and highlights the first hit', async () => {
    const search = useWorkspaceSearchStore();
    await search.loadResults('ромашка', entities);
    expect(search.groups.map((g) => [g.entity, g.hits.length])).toEqual([
      ['company', 1],
      ['deal', 2],
    ]);
    const [company, first, second] = search.hits;
    expect(search.activeHit?.id).toBe(company?.id);
    search.applyMove(1);
    expect(search.activeHit?.id).toBe(first?.id);
    search.applyMove(1);
    expect(search.activeHit?.id).toBe(second?.id);
    search.applyMove(1);
    expect(search.activeHit?.id).toBe(company?.id);
  });

  it('shows at most five records of an entity', async () => {
    await Promise.all([1, 2, 3, 4, 5, 6].map((i) => createRecord('deal', { title: `Лютик ${i}`, amount: i })));
    const search = useWorkspaceSearchStore();
    await search.loadResults('Лютик', entities.slice(1, 2));
    expect(search.groups.map((g) => [g.entity, g.hits.length])).toEqual([['deal', 5]]);
  });

  it('does not search a single character and drops an older answer', async () => {
    const search = useWorkspaceSearchStore();
    await search.loadResults('р', entities);
    expect(search.searched).toBe(false);
    expect(search.groups).toEqual([]);

    // Both are in flight at once: whichever answer comes last, the older query's is dropped.
    const older = search.loadResults('Ромашка', entities.slice(0, 1));
    const newer = search.loadResults('Незабудка', entities.slice(0, 1));
    await Promise.all([older, newer]);
    expect(search.hits).toEqual([]);
    expect(search.searched).toBe(true);

    const cleared = search.loadResults('Ромашка', entities.slice(0, 1));
    search.applyClear();
    await cleared;
    expect(search.hits).toEqual([]);
    expect(search.searched).toBe(false);
  });
});
