import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { UiLocale } from '@crm/schemas';
import { isApiError } from '../api/http.client.js';
import {
  createRecord,
  fetchHistory,
  fetchWorkspaceDefinition,
  getRecord,
  listRecordRuns,
  listRecords,
  updateRecord,
  type HistoryItem,
  type RecordData,
  type RunSummary,
  type WorkspaceDefinition,
} from '../api/records.api.js';
import { listUsers } from '../api/users.api.js';
import { fieldMessages, formLevelMessages } from '../domain/api-error.mapping.js';
import { changedValues, hasChanges } from '../domain/record-form.mapping.js';
import type { RelatedListSpec } from '../domain/record-related.mapping.js';

/*
 * The record page and the record form: the person's workspace definition (GET /api/records), the
 * open record with its history, process runs and related records, and the form's draft (the values
 * being typed, the server's answer per field, a stale version). Changed only through load* and
 * apply* functions and saveDraft.
 */

export interface RecordDraft {
  entity: string;
  /** null while creating. */
  id: string | null;
  /** The version the person started from; null while creating. */
  version: number | null;
  original: Record<string, unknown>;
  values: Record<string, unknown>;
}

export type SaveOutcome = { ok: true; record: RecordData } | { ok: false; conflict: boolean };

/** The fields to expand on the record page: relations and people show by name. */
export function expandableFields(workspace: WorkspaceDefinition | null, entity: string): string[] {
  const model = workspace?.definition.entities.find((e) => e.name === entity);
  if (!model) return [];
  const fields = model.fields.filter((f) => (f.type === 'relation' && f.cardinality !== 'one-to-many') || f.type === 'user').map((f) => f.name);
  return [...fields, 'owner'];
}

export const useWorkspaceRecordStore = defineStore('workspace-record', () => {
  const workspace = ref<WorkspaceDefinition | null>(null);
  const definitionError = ref<unknown>(null);

  const record = ref<RecordData | null>(null);
  const recordError = ref<unknown>(null);
  const history = ref<HistoryItem[]>([]);
  const runs = ref<RunSummary[]>([]);
  /** Related records by `${entity}.${field}`. */
  const related = ref<Record<string, RecordData[]>>({});

  /** User id -> name, for history entries and values holding bare user ids. */
  const userNames = ref<Record<string, string>>({});

  const draft = ref<RecordDraft | null>(null);
  const serverErrors = ref<Record<string, string>>({});
  const formErrors = ref<string[]>([]);
  const conflict = ref(false);
  const saving = ref(false);
  const dirty = computed(() => draft.value !== null && hasChanges(draft.value.original, draft.value.values));

  async function loadDefinition(force = false): Promise<void> {
    if (workspace.value && !force) return;
    definitionError.value = null;
    try {
      workspace.value = await fetchWorkspaceDefinition();
    } catch (caught: unknown) {
      definitionError.value = caught;
    }
  }

  async function loadUserNames(): Promise<void> {
    if (Object.keys(userNames.value).length > 0) return;
    try {
      userNames.value = Object.fromEntries((await listUsers()).map((u) => [u.id, u.name ?? u.email ?? u.id]));
    } catch {
      // Without the list, people show by id; nothing else depends on it.
    }
  }

  async function loadRecord(entity: string, id: string): Promise<void> {
    recordError.value = null;
    if (record.value?.id !== id) {
      record.value = null;
      history.value = [];
      runs.value = [];
      related.value = {};
    }
    try {
      record.value = await getRecord(entity, id, expandableFields(workspace.value, entity));
    } catch (caught: unknown) {
      recordError.value = caught;
    }
  }

  /** History, runs and related records; a part that cannot be read (no right) is left empty. */
  async function loadRecordActivity(entity: string, id: string, specs: readonly RelatedListSpec[]): Promise<void> {
    const processes = (workspace.value?.processes ?? []).filter((p) => p.entity === entity);
    const [items, runLists, lists] = await Promise.all([
      fetchHistory(entity, id).catch(() => []),
      Promise.all(processes.map((p) => listRecordRuns(p.name, id).catch(() => []))),
      Promise.all(
        specs.map(async (spec) => {
          const expand = expandableFields(workspace.value, spec.entity).filter((f) => f !== spec.field);
          const page = await listRecords(spec.entity, { filter: { field: spec.field, op: 'eq', value: id }, limit: 50, sort: '-created_at', expand }).catch(() => ({ data: [] }));
          return [`${spec.entity}.${spec.field}`, page.data] as const;
        }),
      ),
    ]);
    if (record.value?.id !== id) return;
    history.value = items;
    runs.value = runLists.flat();
    related.value = Object.fromEntries(lists);
  }

  function applyRecord(next: RecordData): void {
    record.value = next;
  }

  function startDraft(entity: string, id: string | null, version: number | null, values: Record<string, unknown>): void {
    draft.value = { entity, id, version, original: { ...values }, values: { ...values } };
    serverErrors.value = {};
    formErrors.value = [];
    conflict.value = false;
  }

  function applyFieldValue(field: string, value: unknown): void {
    if (!draft.value) return;
    draft.value.values = { ...draft.value.values, [field]: value };
    if (serverErrors.value[field] !== undefined) {
      const { [field]: _cleared, ...rest } = serverErrors.value;
      serverErrors.value = rest;
    }
  }

  function applySaveError(caught: unknown, locale: UiLocale, fields: readonly string[]): void {
    if (isApiError(caught)) {
      serverErrors.value = fieldMessages(caught.details, locale, fields);
      const general = formLevelMessages(caught.details, locale, fields);
      formErrors.value = general.length > 0 || Object.keys(serverErrors.value).length > 0 ? general : [caught.message];
    } else {
      formErrors.value = [caught instanceof Error ? caught.message : String(caught)];
    }
  }

  /**
   * Sends the draft: on create every filled field, on update only what changed, checked against the
   * version the person started from (`overwrite` skips the check after a conflict).
   */
  async function saveDraft(fields: readonly string[], locale: UiLocale, overwrite = false): Promise<SaveOutcome> {
    const current = draft.value;
    if (!current) return { ok: false, conflict: false };
    saving.value = true;
    formErrors.value = [];
    serverErrors.value = {};
    try {
      const changes = changedValues(current.id === null ? {} : current.original, current.values, fields);
      const saved =
        current.id === null ? await createRecord(current.entity, changes) : await updateRecord(current.entity, current.id, changes, overwrite ? null : current.version);
      conflict.value = false;
      draft.value = { ...current, id: saved.id, version: saved.version, original: { ...current.values } };
      return { ok: true, record: saved };
    } catch (caught: unknown) {
      if (isApiError(caught) && caught.status === 412) {
        conflict.value = true;
        return { ok: false, conflict: true };
      }
      applySaveError(caught, locale, fields);
      return { ok: false, conflict: false };
    } finally {
      saving.value = false;
    }
  }

  function discardDraft(): void {
    draft.value = null;
    serverErrors.value = {};
    formErrors.value = [];
    conflict.value = false;
  }

  return {
    workspace,
    definitionError,
    record,
    recordError,
    history,
    runs,
    related,
    userNames,
    draft,
    serverErrors,
    formErrors,
    conflict,
    saving,
    dirty,
    loadDefinition,
    loadRecord,
    loadRecordActivity,
    loadUserNames,
    applyRecord,
    startDraft,
    applyFieldValue,
    saveDraft,
    discardDraft,
  };
});
