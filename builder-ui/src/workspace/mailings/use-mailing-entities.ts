import { computed, onMounted } from 'vue';
import type { App } from '@crm/schemas';
import { localizedText } from '../../domain/localized-text.rules.js';
import { mailableEntities } from '../../domain/mailing-draft.rules.js';
import { useSessionStore } from '../../stores/session.store.js';
import { useWorkspaceEntitiesStore } from '../../stores/workspace-entities.store.js';

/** The live definition as the person sees it (for the condition editor), the entities that can be mailed, and their labels. */
export function useMailingEntities() {
  const workspace = useWorkspaceEntitiesStore();
  const session = useSessionStore();
  onMounted(() => {
    if (!workspace.definition) void workspace.loadDefinition();
  });
  const app = computed<App | null>(() => workspace.definition?.definition ?? null);
  const mailable = computed(() => (app.value ? mailableEntities(app.value) : []));
  const entityLabel = (name: string) => localizedText(mailable.value.find((e) => e.name === name)?.label, session.locale, name);
  return { app, mailable, entityLabel };
}
