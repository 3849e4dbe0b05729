import type { RouteRecordRaw } from 'vue-router';
import type { WorkspaceNavItem } from '../workspace-area.types.js';

/** My work: the approvals and tasks assigned to the person. */
export const routes: RouteRecordRaw[] = [{ path: 'my-work', name: 'my-work', component: () => import('./MyWorkPage.vue') }];

export const navItems: WorkspaceNavItem[] = [{ routeName: 'my-work', labelKey: 'myWork.nav.title', order: 20 }];
