import { onMounted, ref } from 'vue';
import type { UiLocale } from '@crm/schemas';
import { fetchMailbox, type MailboxMessage } from '../../api/mail.api.js';
import { localizedText } from '../../domain/localized-text.rules.js';
import { useWorkspaceEntitiesStore } from '../../stores/workspace-entities.store.js';

/** The mailbox as the Mail screens read it, and the entities' labels for the record links. */
export function useMailbox(locale: () => UiLocale) {
  const entities = useWorkspaceEntitiesStore();
  const messages = ref<MailboxMessage[] | null>(null);
  const error = ref<unknown>(null);
  onMounted(async () => {
    if (!entities.loaded) void entities.load();
    try {
      messages.value = await fetchMailbox();
    } catch (cause: unknown) {
      error.value = cause;
    }
  });
  const entityLabel = (name: string) => localizedText(entities.entities.find((e) => e.name === name)?.label, locale(), name);
  return { messages, error, entityLabel };
}
