import type { RouteRecordRaw } from 'vue-router';

/**
 * Each workspace area (lists, record, kanban, my work, calendar, dashboards, exchange, ...) lives in
 * workspace/<area>/ and declares its screens in workspace/<area>/<area>.routes.ts:
 *
 *   export const routes: RouteRecordRaw[]         paths relative to /
 *   export const navItems: WorkspaceNavItem[]     optional: links in the top bar
 *
 * so areas are added side by side without editing the router or the shell.
 */
export interface WorkspaceNavItem {
  /** The route the link opens (a name declared in the same file). */
  routeName: string;
  /** An i18n key (`kanban.nav.title`). */
  labelKey: string;
  /** Place in the top bar: smaller first; home is 0. */
  order: number;
  /**
   * Shown only to people who may create records of some entity (the import wizard), or only to
   * those with the builder or admin power, or only to those whose roles may run mailings.
   */
  needs?: 'create' | 'build' | 'mail';
}

export type WorkspaceAreaRoutes = RouteRecordRaw[];
