import type { RouteRecordRaw } from 'vue-router';
import { DRAFT_READS } from '../draft-prefetch.js';

/** The role matrix: every role with its permissions per entity, and one role's fields, sharing rules and "view as role" (`?tab=`). Each screen reads the draft first, asked for as a page opens on it (`meta.earlyAnswers`). */
export const routes: RouteRecordRaw[] = [
  { path: 'roles', name: 'builder-roles', component: () => import('./RolesPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
  { path: 'roles/:name', name: 'builder-role', component: () => import('./RoleEditorPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
];
