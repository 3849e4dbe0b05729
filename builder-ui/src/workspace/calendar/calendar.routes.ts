import type { RouteRecordRaw } from 'vue-router';
import type { WorkspaceNavItem } from '../workspace-area.types.js';

/** The calendar of the person's tasks, calls and meetings. */
export const routes: RouteRecordRaw[] = [{ path: 'calendar', name: 'calendar', component: () => import('./CalendarPage.vue') }];

export const navItems: WorkspaceNavItem[] = [{ routeName: 'calendar', labelKey: 'calendar.nav.title', order: 25 }];
