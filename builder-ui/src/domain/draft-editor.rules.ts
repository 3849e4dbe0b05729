import type { LocalizedText } from '@crm/schemas';

/*
 * The decisions every editor page of one draft item makes the same way (an entity, a pipeline, a
 * role, a form, a view, a dashboard): which item the address names, what the page shows in its
 * place, which issues are the item's, and what a typed name becomes.
 */

/** What an editor page shows: the reason the draft did not load, "loading", "not found" or the item. */
export type DraftEditorState = 'load-error' | 'loading' | 'not-found' | 'ready';

export function draftEditorState(loadError: string | null, loaded: boolean, found: boolean): DraftEditorState {
  if (loadError !== null) return 'load-error';
  if (!loaded) return 'loading';
  return found ? 'ready' : 'not-found';
}

/** The item named in the address and its index (-1 and undefined when there is none, e.g. after a rename elsewhere). */
export function findNamed<T extends { name: string }>(items: readonly T[] | undefined, name: string): { index: number; item: T | undefined } {
  const index = items?.findIndex((x) => x.name === name) ?? -1;
  return { index, item: index >= 0 ? items?.[index] : undefined };
}

/** The issues at a JSON pointer and below it (`/views/2` takes `/views/2/sort/0`, not `/views/20`). */
export function issuesUnder<T extends { pointer: string }>(issues: readonly T[], prefix: string): T[] {
  return issues.filter((i) => i.pointer === prefix || i.pointer.startsWith(`${prefix}/`));
}

/**
 * The name after the person typed `typed` into its `lang` box; null when the box was emptied (a name
 * is never blank, so the draft keeps the old one). An item without a name yet starts from `fallback`
 * in both languages, or from what was typed.
 */
export function editedLabel(current: LocalizedText | undefined, lang: 'ru' | 'en', typed: string, fallback?: string): LocalizedText | null {
  const value = typed.trim();
  if (value === '') return null;
  const base = current ?? { ru: fallback ?? value, en: fallback ?? value };
  return { ...base, [lang]: value };
}
