import type { RouteRecordRaw } from 'vue-router';
import type { WorkspaceNavItem } from '../workspace-area.types.js';

/** The CSV import wizard: pick what to import into, then upload, map, check and import. */
export const routes: RouteRecordRaw[] = [
  { path: 'import', name: 'exchange-import', component: () => import('./ImportPage.vue') },
  { path: 'import/:entity', name: 'exchange-import-entity', component: () => import('./ImportPage.vue') },
];

export const navItems: WorkspaceNavItem[] = [{ routeName: 'exchange-import', labelKey: 'exchange.nav.title', order: 60, needs: 'create' }];
