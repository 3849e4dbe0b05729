import type { RouteRecordRaw } from 'vue-router';
import { DRAFT_READS } from '../draft-prefetch.js';

/** The dashboard designer: the draft's dashboards, and one dashboard's widgets, who sees it and its issues. Each screen reads the draft first, asked for as a page opens on it (`meta.earlyAnswers`). */
export const routes: RouteRecordRaw[] = [
  { path: 'dashboards', name: 'builder-dashboards', component: () => import('./DashboardsPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
  { path: 'dashboards/:name', name: 'builder-dashboard', component: () => import('./DashboardDesignerPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
];
