import type { RouteRecordRaw } from 'vue-router';

/** The role matrix: every role with its permissions per entity, and one role's fields, sharing rules and "view as role" (`?tab=`). */
export const routes: RouteRecordRaw[] = [
  { path: 'roles', name: 'builder-roles', component: () => import('./RolesPage.vue') },
  { path: 'roles/:name', name: 'builder-role', component: () => import('./RoleEditorPage.vue') },
];
