import type { RouteRecordRaw } from 'vue-router';
import type { WorkspaceNavItem } from '../workspace-area.types.js';

/** The kanban: /kanban opens the first pipeline the person may read; /kanban/:pipeline is its board. */
export const routes: RouteRecordRaw[] = [
  { path: 'kanban', name: 'kanban-home', component: () => import('./KanbanHomePage.vue') },
  { path: 'kanban/:pipeline', name: 'kanban-board', component: () => import('./KanbanPage.vue') },
];

export const navItems: WorkspaceNavItem[] = [{ routeName: 'kanban-home', labelKey: 'kanban.nav.title', order: 30 }];
