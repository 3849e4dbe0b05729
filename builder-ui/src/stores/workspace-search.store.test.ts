import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const api = vi.hoisted(() => ({ searchEntity: vi.fn() }));
vi.mock('../api/search.api.js', () => ({ searchEntity: api.searchEntity }));

import { useWorkspaceSearchStore } from './workspace-search.store.js';

const entities = [
  { name: 'company', display: 'name', fields: [{ name: 'name', type: 'text' as const }] },
  { name: 'deal', display: 'title', fields: [{ name: 'title', type: 'text' as const }] },
  { name: 'task', display: 'title', fields: [{ name: 'title', type: 'text' as const }] },
];

describe('the global search store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
  });

  it('asks every entity, groups what it finds and highlights the first hit', async () => {
    api.searchEntity.mockImplementation(async (entity: string) => {
      if (entity === 'company') return [{ id: 'c1', name: 'Ромашка' }];
      if (entity === 'task') throw new Error('down');
      return [{ id: 'd1', title: 'Ромашка: поставка' }, { id: 'd2', title: 'Ромашка: сервис' }];
    });
    const search = useWorkspaceSearchStore();
    await search.loadResults('ромаш', entities);
    expect(api.searchEntity).toHaveBeenCalledWith('deal', 'ромаш', 5);
    expect(search.groups.map((g) => [g.entity, g.hits.length])).toEqual([
      ['company', 1],
      ['deal', 2],
    ]);
    expect(search.activeHit?.id).toBe('c1');
    search.applyMove(1);
    search.applyMove(1);
    expect(search.activeHit?.id).toBe('d2');
    search.applyMove(1);
    expect(search.activeHit?.id).toBe('c1');
  });

  it('does not search a single character and drops an older answer', async () => {
    const search = useWorkspaceSearchStore();
    await search.loadResults('р', entities);
    expect(api.searchEntity).not.toHaveBeenCalled();

    let release: (v: unknown) => void = () => undefined;
    api.searchEntity.mockReturnValueOnce(new Promise((r) => (release = r))).mockResolvedValue([]);
    const older = search.loadResults('ро', entities.slice(0, 1));
    await search.loadResults('ром', entities.slice(0, 1));
    release([{ id: 'old', name: 'old' }]);
    await older;
    expect(search.hits).toEqual([]);
    expect(search.searched).toBe(true);
  });
});
