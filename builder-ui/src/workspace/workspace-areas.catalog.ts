import type { RouteRecordRaw } from 'vue-router';
import type { WorkspaceNavItem } from './workspace-area.types.js';

/*
 * The workspace areas found at build time (workspace/<area>/<area>.routes.ts, see
 * workspace-area.types.ts): their routes for the router and their links for the shell.
 */
const ROUTE_FILES = import.meta.glob<RouteRecordRaw[]>('./*/*.routes.ts', { eager: true, import: 'routes' });
const NAV_FILES = import.meta.glob<WorkspaceNavItem[]>('./*/*.routes.ts', { eager: true, import: 'navItems' });

export const WORKSPACE_AREA_ROUTES: RouteRecordRaw[] = Object.keys(ROUTE_FILES)
  .sort()
  .flatMap((file) => ROUTE_FILES[file] ?? []);

export const WORKSPACE_NAV_ITEMS: WorkspaceNavItem[] = Object.values(NAV_FILES)
  .flatMap((items) => items ?? [])
  .sort((a, b) => a.order - b.order);
