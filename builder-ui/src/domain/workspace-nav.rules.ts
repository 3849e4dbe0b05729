import type { EntityAccessSummary } from '../api/records.api.js';

/*
 * Which of the workspace areas' top-bar links a person sees: an area that only makes sense for
 * people who add records (the import wizard) is hidden from those whose roles create nothing, and
 * one for those whose roles may run mailings (marketers, builders, admins) from everyone else.
 */

export interface NavNeeds {
  needs?: 'create' | 'build' | 'mail';
}

/** Whether any entity's access lets the person create records; no access known yet: no. */
export function createsAny(access: Readonly<Record<string, EntityAccessSummary>> | undefined): boolean {
  return Object.values(access ?? {}).some((a) => a.operations.create);
}

export function visibleNavItems<T extends NavNeeds>(items: readonly T[], mayCreate: boolean, mayBuild = false, mayMail = false): T[] {
  return items.filter((item) => (item.needs !== 'create' || mayCreate) && (item.needs !== 'build' || mayBuild) && (item.needs !== 'mail' || mayMail));
}
