import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Entity } from '@crm/schemas';
import { searchEntity } from '../api/search.api.js';
import { flatHits, moveActive, searchable, toGroup, type SearchGroup, type SearchHit } from '../domain/search-results.mapping.js';

/*
 * Global search: one query fanned out to every entity the person may read (5 records each),
 * grouped by entity in navigation order, with a highlighted hit moved by the arrow keys. An answer
 * to an older query is dropped; an entity whose search fails is left out, not the whole search.
 */

const PER_ENTITY = 5;

export const useWorkspaceSearchStore = defineStore('workspace-search', () => {
  const query = ref('');
  const groups = ref<SearchGroup[]>([]);
  const active = ref(-1);
  const searching = ref(false);
  const searched = ref(false);
  let generation = 0;

  const hits = computed<SearchHit[]>(() => flatHits(groups.value));
  const activeHit = computed<SearchHit | null>(() => hits.value[active.value] ?? null);

  async function loadResults(text: string, entities: ReadonlyArray<Pick<Entity, 'name' | 'display' | 'fields'>>): Promise<void> {
    query.value = text;
    const mine = ++generation;
    if (!searchable(text)) {
      groups.value = [];
      active.value = -1;
      searched.value = false;
      searching.value = false;
      return;
    }
    searching.value = true;
    const found = await Promise.all(
      entities.map(async (entity) => {
        try {
          return toGroup(entity, await searchEntity(entity.name, text.trim(), PER_ENTITY));
        } catch {
          return toGroup(entity, []);
        }
      }),
    );
    if (mine !== generation) return;
    groups.value = found.filter((g) => g.hits.length > 0);
    active.value = hits.value.length > 0 ? 0 : -1;
    searching.value = false;
    searched.value = true;
  }

  function applyMove(delta: 1 | -1): void {
    active.value = moveActive(active.value, delta, hits.value.length);
  }

  function applyActive(index: number): void {
    active.value = index;
  }

  function applyClear(): void {
    generation++;
    query.value = '';
    groups.value = [];
    active.value = -1;
    searching.value = false;
    searched.value = false;
  }

  return { query, groups, active, searching, searched, hits, activeHit, loadResults, applyMove, applyActive, applyClear };
});
