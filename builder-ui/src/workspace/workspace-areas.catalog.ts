import type { RouteRecordRaw } from 'vue-router';
import type { WorkspaceNavItem } from './workspace-area.types.js';

/*
 * The workspace areas found at build time (workspace/<area>/<area>.routes.ts, see
 * workspace-area.types.ts): their routes for the router and their links for the shell. Whole
 * modules are imported: `navItems` is optional, and a named glob import of a missing export fails
 * the build.
 */
interface AreaModule {
  routes?: RouteRecordRaw[];
  navItems?: WorkspaceNavItem[];
}

const AREA_FILES = import.meta.glob<AreaModule>('./*/*.routes.ts', { eager: true });
const AREAS = Object.keys(AREA_FILES)
  .sort()
  .map((file) => AREA_FILES[file] ?? {});

export const WORKSPACE_AREA_ROUTES: RouteRecordRaw[] = AREAS.flatMap((area) => area.routes ?? []);

export const WORKSPACE_NAV_ITEMS: WorkspaceNavItem[] = AREAS.flatMap((area) => area.navItems ?? []).sort((a, b) => a.order - b.order);
