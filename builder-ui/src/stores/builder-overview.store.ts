import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { App } from '@crm/schemas';
import { fetchLiveDefinition } from '../api/definitions.api.js';

/** The published app as the builder's home shows it; the draft editor gets its own store. */
export const useBuilderOverviewStore = defineStore('builder-overview', () => {
  const app = ref<App | null>(null);
  const loaded = ref(false);
  const error = ref<unknown>(null);

  async function load(): Promise<void> {
    error.value = null;
    try {
      app.value = await fetchLiveDefinition();
      loaded.value = true;
    } catch (caught: unknown) {
      error.value = caught;
    }
  }

  return { app, loaded, error, load };
});
