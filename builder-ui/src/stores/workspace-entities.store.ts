import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { WorkspaceEntity } from '@crm/schemas';
import { fetchWorkspaceEntities } from '../api/workspace.api.js';

/** The entities the signed-in person may read: the workspace's navigation. */
export const useWorkspaceEntitiesStore = defineStore('workspace-entities', () => {
  const entities = ref<WorkspaceEntity[]>([]);
  const loaded = ref(false);
  const error = ref<unknown>(null);

  async function load(): Promise<void> {
    error.value = null;
    try {
      entities.value = await fetchWorkspaceEntities();
      loaded.value = true;
    } catch (caught: unknown) {
      error.value = caught;
    }
  }

  return { entities, loaded, error, load };
});
