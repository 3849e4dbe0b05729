import { computed, onMounted, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { loadErrorMessage } from '../../domain/load-error.mapping.js';
import { useDefinitionDraftStore } from '../../stores/definition-draft.store.js';

/**
 * What every builder screen does first: load the draft unless it is loaded already, and say in
 * the user's language why it could not be loaded.
 */
export function useLoadedDraft(): { loadError: ComputedRef<string | null> } {
  const draft = useDefinitionDraftStore();
  const { t } = useI18n();
  onMounted(() => {
    void draft.ensureLoaded();
  });
  return { loadError: computed(() => (draft.loadError ? loadErrorMessage(draft.loadError, t) : null)) };
}
