import { computed, onMounted, ref } from 'vue';
import type { App, UiLocale } from '@crm/schemas';
import { fetchLiveDefinition } from '../../api/definitions.api.js';
import { localizedText } from '../../domain/localized-text.rules.js';

/**
 * The published app's entities for the template screens: templates render live records, so they
 * name live entities and fields, not the draft's.
 */
export function useLiveEntities(locale: () => UiLocale) {
  const live = ref<App | null>(null);
  const loadError = ref<unknown>(null);
  onMounted(async () => {
    try {
      live.value = await fetchLiveDefinition();
    } catch (cause: unknown) {
      loadError.value = cause;
    }
  });
  const entityOptions = computed(() => (live.value?.entities ?? []).map((e) => ({ value: e.name, label: localizedText(e.label, locale(), e.name) })));
  const entityLabel = (name: string) => entityOptions.value.find((o) => o.value === name)?.label ?? name;
  return { live, loadError, entityOptions, entityLabel };
}
