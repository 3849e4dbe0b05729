import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter, type RouteLocationRaw } from 'vue-router';
import type { App, DefinitionIssue, LocalizedText } from '@crm/schemas';
import type { DraftChange } from '../../domain/definition-draft.apply.js';
import { findNamed, issuesUnder } from '../../domain/draft-editor.rules.js';
import { localizedText } from '../../domain/localized-text.rules.js';
import { useDefinitionDraftStore } from '../../stores/definition-draft.store.js';
import { useSessionStore } from '../../stores/session.store.js';
import { useLoadedDraft } from './loaded-draft.js';

/** The collections of the app whose items have an editor page at /builder/<area>/:name. */
export type EditedCollection = 'entities' | 'pipelines' | 'roles' | 'forms' | 'views' | 'dashboards' | 'webForms';

export interface DraftEditorOptions<T> {
  /** Where the items live in the app (the first JSON-pointer token of their issues). */
  collection: EditedCollection;
  items: (app: App) => readonly T[] | undefined;
  /** The list page the editor goes back to (its link, and after the item is deleted). */
  listRoute: string;
  /** The way back when it says more than the list (e.g. which item to show there), given the name in the address. */
  back?: (name: string) => RouteLocationRaw;
  /**
   * Message keys: the link back, "not found" (given `{name}`), and the heading while the item is
   * loading or missing (the name in the address when there is none; the item's label once it is there).
   */
  texts: { back: string; notFound: string; title?: string };
}

/** What DraftEditorFrame.vue needs around the page's controls (bound with v-bind, the item apart). */
export interface DraftEditorFrameProps {
  title: string;
  back: RouteLocationRaw;
  backLabel: string;
  notFound: string;
  loadError: string | null;
  app: App | null;
}

export interface DraftEditor<T> {
  /** The draft's document (null until loaded); edits go through `apply`, never into it. */
  app: ComputedRef<App | null>;
  frame: ComputedRef<DraftEditorFrameProps>;
  /** The item's name from the address (`:name`). */
  name: ComputedRef<string>;
  index: ComputedRef<number>;
  item: ComputedRef<T | undefined>;
  title: ComputedRef<string>;
  /** The draft's issues at the item and below it. */
  issues: ComputedRef<DefinitionIssue[]>;
  /** Applies a change through the draft (undo, redo and autosave come with it); an empty one is no edit. */
  apply: (change: DraftChange) => void;
  /** Applies a change that deletes the item and goes back to its list. */
  applyAndLeave: (change: DraftChange) => void;
  /** A one-valued query parameter (`?field=`, `?tab=`), null when absent. */
  queryValue: (key: string) => string | null;
  /** Replaces the query without a new history entry (a panel opened or closed is not a page). */
  replaceQuery: (query: Record<string, string>) => void;
}

/**
 * What every editor page of one draft item does the same way (DashboardDesignerPage, WebFormEditorPage, ViewEditorPage,
 * FormEditorPage, RoleEditorPage, PipelineEditorPage, EntityEditorPage): load the draft, find the
 * item the address names, its heading and issues, apply edits through the draft store and go back
 * to the list when it is deleted. The page keeps only its own controls; DraftEditorFrame.vue shows
 * the parts around them. Leaving with unsaved edits is guarded once, by the builder's shell.
 */
export function useDraftEditor<T extends { name: string; label?: LocalizedText }>(options: DraftEditorOptions<T>): DraftEditor<T> {
  const draft = useDefinitionDraftStore();
  const session = useSessionStore();
  const route = useRoute();
  const router = useRouter();
  const { t } = useI18n();
  const { loadError } = useLoadedDraft();

  const app = computed(() => draft.document);
  const name = computed(() => String(route.params['name'] ?? ''));
  const found = computed(() => findNamed(draft.document ? options.items(draft.document) : undefined, name.value));
  const index = computed(() => found.value.index);
  const item = computed(() => found.value.item);
  const title = computed(() => (item.value ? localizedText(item.value.label, session.locale, item.value.name) : (options.texts.title ? t(options.texts.title) : name.value)));
  const frame = computed(() => ({
    title: title.value,
    back: options.back ? options.back(name.value) : { name: options.listRoute },
    backLabel: t(options.texts.back),
    notFound: t(options.texts.notFound, { name: name.value }),
    loadError: loadError.value,
    app: draft.document,
  }));
  const issues = computed(() => issuesUnder(draft.issues, `/${options.collection}/${index.value}`));

  function apply(change: DraftChange): void {
    if (change.patches.length > 0) draft.apply(change);
  }
  function applyAndLeave(change: DraftChange): void {
    apply(change);
    void router.push({ name: options.listRoute });
  }
  function queryValue(key: string): string | null {
    const value = route.query[key];
    return typeof value === 'string' ? value : null;
  }
  function replaceQuery(query: Record<string, string>): void {
    void router.replace({ query });
  }
  return { app, frame, name, index, item, title, issues, apply, applyAndLeave, queryValue, replaceQuery };
}
