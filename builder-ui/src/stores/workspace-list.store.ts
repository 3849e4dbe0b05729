import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Entity, View } from '@crm/schemas';
import { fetchWorkspaceDefinition, listRecords, updateRecord, type EntityAccessSummary, type RecordData, type WorkspaceDefinition } from '../api/records.api.js';
import { listUsers } from '../api/users.api.js';
import { runBulkAction, type BulkAction, type BulkMatch, type BulkResponse, type BulkTarget } from '../api/lists.api.js';
import { createSavedView, deleteSavedView, fetchSavedViews, updateSavedView, type SavedView } from '../api/saved-views.api.js';
import { doneIds } from '../domain/list-bulk.mapping.js';
import { combinedFilter, listColumns, listKey, listViewsOf, sortParam, toggleSort, viewSort, type ListSortKey } from '../domain/list-query.mapping.js';

/*
 * One list of records (/lists/:entity[/:view]): which view and saved view apply, the person's own
 * sort, filter and search, the rows loaded so far by cursor (never all, never counted), the
 * selection and the last bulk action's answer. Every change goes through a named apply* / load*
 * function; an answer for a list the person has since left is dropped (listKey).
 */

const FIRST_PAGE = 50;
const NEXT_PAGE = 100;

export const useWorkspaceListStore = defineStore('workspace-list', () => {
  const definition = ref<WorkspaceDefinition | null>(null);
  const entityName = ref('');
  const viewName = ref<string | null>(null);
  const savedViews = ref<SavedView[]>([]);
  const savedViewId = ref<string | null>(null);
  const columnNames = ref<string[]>([]);
  const sort = ref<ListSortKey[]>([]);
  const ownFilter = ref<unknown>(null);
  const q = ref('');
  const rows = ref<RecordData[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<unknown>(null);
  const selected = ref<string[]>([]);
  /** "Select all matching": the bulk action targets every readable record the list's filter and search match. */
  const allMatching = ref(false);
  /** How many records that is (asked for when the person chooses it); null until known. */
  const matchingCount = ref<number | null>(null);
  const bulkOutcome = ref<BulkResponse | null>(null);
  /**
   * An "all matching" action that stopped at the server's limit: the same action, filter and search
   * go on after its `next`, so the records it handled (done or refused) are not taken again.
   */
  const bulkContinuation = ref<{ action: BulkAction; value?: string; match: BulkMatch; next: string } | null>(null);
  /** Names of people by id, for owner and user columns (the first 500 people). */
  const userNames = ref<Record<string, string>>({});

  const entity = computed<Entity | null>(() => definition.value?.definition.entities.find((e) => e.name === entityName.value) ?? null);
  const access = computed<EntityAccessSummary | null>(() => definition.value?.access[entityName.value] ?? null);
  const views = computed<View[]>(() => (definition.value ? listViewsOf(definition.value.definition, entityName.value) : []));
  const view = computed<View | undefined>(() => views.value.find((v) => v.name === viewName.value));
  const savedView = computed(() => savedViews.value.find((v) => v.id === savedViewId.value) ?? null);
  const columns = computed(() => (entity.value ? listColumns(entity.value, columnNames.value) : []));
  const filter = computed(() => combinedFilter(view.value?.filter ?? null, ownFilter.value));
  const hasMore = computed(() => nextCursor.value !== null);
  const currentKey = () => listKey({ entity: entityName.value, filter: filter.value, sort: sort.value, q: q.value });

  async function loadDefinition(): Promise<void> {
    if (definition.value) return;
    const [loaded, people] = await Promise.all([fetchWorkspaceDefinition(), listUsers().catch(() => [])]);
    definition.value = loaded;
    userNames.value = Object.fromEntries(people.map((p) => [p.id, p.name ?? p.email ?? p.id]));
  }

  function clearAllMatching(): void {
    allMatching.value = false;
    matchingCount.value = null;
  }

  function resetToView(): void {
    clearAllMatching();
    savedViewId.value = null;
    columnNames.value = [...(view.value?.columns ?? [])];
    sort.value = viewSort(view.value);
    ownFilter.value = null;
    q.value = '';
  }

  /** Opens an entity's list in a definition view (or its first list view) and loads the first page. */
  async function openList(entityToOpen: string, viewToOpen: string | null): Promise<void> {
    error.value = null;
    try {
      await loadDefinition();
      entityName.value = entityToOpen;
      viewName.value = viewToOpen ?? views.value[0]?.name ?? null;
      resetToView();
      selected.value = [];
      bulkOutcome.value = null;
      bulkContinuation.value = null;
      const [saved] = await Promise.all([fetchSavedViews(entityToOpen).catch(() => []), loadFirstPage()]);
      savedViews.value = saved;
    } catch (caught: unknown) {
      error.value = caught;
    }
  }

  async function loadFirstPage(): Promise<void> {
    const key = currentKey();
    loading.value = true;
    error.value = null;
    try {
      const page = await listRecords(entityName.value, { filter: filter.value ?? undefined, sort: sortParam(sort.value) || undefined, q: q.value.trim() || undefined, limit: FIRST_PAGE });
      if (key !== currentKey()) return;
      rows.value = page.data;
      nextCursor.value = page.nextCursor;
    } catch (caught: unknown) {
      if (key === currentKey()) error.value = caught;
    } finally {
      if (key === currentKey()) loading.value = false;
    }
  }

  /** The next page after the last row; does nothing while one is loading or at the end. */
  async function loadNextPage(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor || loadingMore.value || loading.value) return;
    const key = currentKey();
    loadingMore.value = true;
    try {
      const page = await listRecords(entityName.value, { filter: filter.value ?? undefined, sort: sortParam(sort.value) || undefined, q: q.value.trim() || undefined, limit: NEXT_PAGE, cursor });
      if (key !== currentKey()) return;
      rows.value = [...rows.value, ...page.data];
      nextCursor.value = page.nextCursor;
      // "All matching" covers the rows loaded later too: they show as ticked.
      if (allMatching.value) selected.value = [...selected.value, ...page.data.map((r) => r.id)];
    } catch (caught: unknown) {
      if (key === currentKey()) error.value = caught;
    } finally {
      loadingMore.value = false;
    }
  }

  function applySort(field: string): Promise<void> {
    clearAllMatching();
    sort.value = toggleSort(sort.value, field);
    return loadFirstPage();
  }

  function applyFilter(next: unknown): Promise<void> {
    clearAllMatching();
    ownFilter.value = next ?? null;
    return loadFirstPage();
  }

  function applyQuery(next: string): Promise<void> {
    clearAllMatching();
    q.value = next;
    return loadFirstPage();
  }

  function applySavedView(id: string | null): Promise<void> {
    const chosen = savedViews.value.find((v) => v.id === id);
    resetToView();
    if (chosen) {
      savedViewId.value = chosen.id;
      if (chosen.columns.length > 0) columnNames.value = [...chosen.columns];
      if (chosen.sort.length > 0) sort.value = chosen.sort.map((k) => ({ ...k }));
      ownFilter.value = chosen.filter ?? null;
      q.value = chosen.q ?? '';
    }
    selected.value = [];
    return loadFirstPage();
  }

  /** Saves what the list shows now as a new view (or over the current saved view) and selects it. */
  async function saveView(name: string, shared: boolean, overwrite: boolean): Promise<SavedView> {
    const config = { columns: columnNames.value, filter: ownFilter.value, sort: sort.value, q: q.value.trim() || null };
    const current = savedView.value;
    const saved = overwrite && current ? await updateSavedView(current.id, { name, shared, ...config }) : await createSavedView({ entity: entityName.value, name, shared, ...config });
    savedViews.value = [...savedViews.value.filter((v) => v.id !== saved.id), saved];
    savedViewId.value = saved.id;
    return saved;
  }

  async function removeSavedView(id: string): Promise<void> {
    await deleteSavedView(id);
    savedViews.value = savedViews.value.filter((v) => v.id !== id);
    if (savedViewId.value === id) await applySavedView(null);
  }

  function applySelection(ids: readonly string[]): void {
    clearAllMatching();
    selected.value = [...ids];
  }

  /** Targets every record the list matches (the loaded rows show as ticked) and asks how many there are. */
  async function applySelectAllMatching(): Promise<void> {
    const key = currentKey();
    allMatching.value = true;
    matchingCount.value = null;
    selected.value = rows.value.map((r) => r.id);
    const page = await listRecords(entityName.value, { filter: filter.value ?? undefined, q: q.value.trim() || undefined, limit: 1, count: true });
    if (key === currentKey() && allMatching.value) matchingCount.value = page.total ?? null;
  }

  /** Runs a bulk action on the selection; what was done is reloaded, what was refused stays selected. */
  function runBulk(action: BulkAction, value?: string): Promise<BulkResponse> {
    const target: BulkTarget = allMatching.value ? { match: { filter: filter.value ?? null, q: q.value.trim() || null } } : { ids: selected.value };
    return sendBulk(action, target, value);
  }

  /**
   * Goes on with the records after those an "all matching" action stopped at; null when it did not
   * stop. The outcome then tells the whole action so far (2,001 changed, not the last 1), and every
   * record refused on the way stays selected.
   */
  async function continueBulk(): Promise<BulkResponse | null> {
    const from = bulkContinuation.value;
    if (!from) return null;
    const before = bulkOutcome.value;
    const answer = await sendBulk(from.action, { match: { ...from.match, after: from.next } }, from.value);
    if (before && before.action === answer.action) {
      const results = [...before.results, ...answer.results];
      bulkOutcome.value = { ...answer, results, done: before.done + answer.done, refused: before.refused + answer.refused };
      selected.value = results.filter((r) => !r.ok).map((r) => r.id);
    }
    return answer;
  }

  async function sendBulk(action: BulkAction, target: BulkTarget, value: string | undefined): Promise<BulkResponse> {
    const answer = await runBulkAction(entityName.value, action, target, value);
    bulkOutcome.value = answer;
    bulkContinuation.value =
      'match' in target && answer.next ? { action, ...(value === undefined ? {} : { value }), match: { filter: target.match.filter, q: target.match.q }, next: answer.next } : null;
    const done = new Set(doneIds(answer.results));
    selected.value = 'match' in target ? answer.results.filter((r) => !r.ok).map((r) => r.id) : selected.value.filter((id) => !done.has(id));
    clearAllMatching();
    await loadFirstPage();
    return answer;
  }

  /** The list's columns as the person arranged them in the column picker (kept by "Save view"). */
  function applyColumns(names: readonly string[]): void {
    if (names.length > 0) columnNames.value = [...names];
  }

  function applyBulkOutcome(next: BulkResponse | null): void {
    bulkOutcome.value = next;
    if (next === null) bulkContinuation.value = null;
  }

  /** Saves one cell (PATCH with the row's version) and puts the stored record in its place. */
  async function saveCell(id: string, field: string, value: unknown): Promise<RecordData> {
    const row = rows.value.find((r) => r.id === id);
    const stored = await updateRecord(entityName.value, id, { [field]: value }, row?.version ?? null);
    rows.value = rows.value.map((r) => (r.id === id ? stored : r));
    return stored;
  }

  return {
    definition,
    entityName,
    viewName,
    savedViews,
    savedViewId,
    columnNames,
    sort,
    ownFilter,
    q,
    rows,
    nextCursor,
    loading,
    loadingMore,
    error,
    selected,
    allMatching,
    matchingCount,
    bulkOutcome,
    bulkContinuation,
    userNames,
    entity,
    access,
    views,
    view,
    savedView,
    columns,
    filter,
    hasMore,
    loadDefinition,
    openList,
    loadFirstPage,
    loadNextPage,
    applySort,
    applyFilter,
    applyQuery,
    applySavedView,
    saveView,
    removeSavedView,
    applySelection,
    applySelectAllMatching,
    applyColumns,
    runBulk,
    continueBulk,
    applyBulkOutcome,
    saveCell,
  };
});
