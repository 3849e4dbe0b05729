import type { RouteRecordRaw } from 'vue-router';
import type { WorkspaceNavItem } from '../workspace-area.types.js';

/** The dashboards of the definition the viewer may see (a picker when there are several). */
export const routes: RouteRecordRaw[] = [{ path: 'dashboard', name: 'dashboards-home', component: () => import('./DashboardPage.vue') }];

export const navItems: WorkspaceNavItem[] = [{ routeName: 'dashboards-home', labelKey: 'dashboards.nav.title', order: 1 }];
