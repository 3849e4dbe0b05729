import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Entity } from '@crm/schemas';
import type { EntityAccessSummary } from '../../api/records.api.js';
import { provideFieldDisplay } from '../../fields/field-display.context.js';
import { formLayout, type FormFieldAccess, type RecordFormMode } from '../../domain/form-rules.mapping.js';
import { localizedText } from '../../domain/localized-text.rules.js';
import { useWorkspaceRecordStore } from '../../stores/workspace-record.store.js';

/*
 * What the record screens read about their entity from the person's workspace definition: the
 * entity, the person's rights on it, the form layout and the record's title; and the field widgets'
 * display context, provided once for the page.
 */
export function useRecordEntity(entity: Ref<string>) {
  const store = useWorkspaceRecordStore();
  const { locale } = useI18n();
  const uiLocale = computed(() => (locale.value === 'en' ? 'en' : 'ru'));

  provideFieldDisplay(computed(() => ({ definition: store.workspace?.definition ?? null, userNames: store.userNames })));

  const model = computed<Entity | undefined>(() => store.workspace?.definition.entities.find((e) => e.name === entity.value));
  const access = computed<EntityAccessSummary | undefined>(() => store.workspace?.access[entity.value]);
  const formAccess = computed<FormFieldAccess | undefined>(() => (access.value ? { fields: access.value.fields, canUpdate: access.value.operations.update } : undefined));
  const entityLabel = computed(() => (model.value ? localizedText(model.value.label, uiLocale.value, model.value.name) : entity.value));

  function layout(mode: RecordFormMode) {
    return store.workspace ? formLayout(store.workspace.definition, entity.value, formAccess.value, mode) : [];
  }

  /** The record's title: its display field, else its first text field, else its id. */
  function titleOf(record: Readonly<Record<string, unknown>> | null): string {
    if (!record) return '';
    const field = model.value?.display ?? model.value?.fields.find((f) => f.type === 'text')?.name;
    const value = field ? record[field] : undefined;
    return typeof value === 'string' && value !== '' ? value : typeof record['id'] === 'string' ? record['id'] : '';
  }

  return { store, uiLocale, model, access, entityLabel, layout, titleOf };
}
