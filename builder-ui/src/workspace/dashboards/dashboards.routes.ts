import type { RouteRecordRaw } from 'vue-router';
import type { WorkspaceNavItem } from '../workspace-area.types.js';

/** The home dashboard: the viewer's funnel, forecast, won deals and open tasks. */
export const routes: RouteRecordRaw[] = [{ path: 'dashboard', name: 'dashboards-home', component: () => import('./DashboardPage.vue') }];

export const navItems: WorkspaceNavItem[] = [{ routeName: 'dashboards-home', labelKey: 'dashboards.nav.title', order: 1 }];
