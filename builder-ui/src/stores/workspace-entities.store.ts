import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { WorkspaceEntity } from '@crm/schemas';
import { fetchWorkspaceEntities } from '../api/workspace.api.js';
import { fetchWorkspaceDefinition, type WorkspaceDefinition } from '../api/records.api.js';

/**
 * The entities the signed-in person may read: the workspace's navigation, and (loaded on demand)
 * the definition as the person sees it, which global search needs for each entity's title field.
 */
export const useWorkspaceEntitiesStore = defineStore('workspace-entities', () => {
  const entities = ref<WorkspaceEntity[]>([]);
  const loaded = ref(false);
  const error = ref<unknown>(null);
  const definition = ref<WorkspaceDefinition | null>(null);

  async function load(): Promise<void> {
    error.value = null;
    try {
      entities.value = await fetchWorkspaceEntities();
      loaded.value = true;
    } catch (caught: unknown) {
      error.value = caught;
    }
  }

  /** The definition, fetched once per session; null when it cannot be read. */
  async function loadDefinition(): Promise<WorkspaceDefinition | null> {
    if (definition.value) return definition.value;
    try {
      definition.value = await fetchWorkspaceDefinition();
    } catch {
      return null;
    }
    return definition.value;
  }

  return { entities, loaded, error, definition, load, loadDefinition };
});
