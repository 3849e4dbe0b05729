import type { RouteRecordRaw } from 'vue-router';

/** The dashboard designer: the draft's dashboards, and one dashboard's widgets, who sees it and its issues. */
export const routes: RouteRecordRaw[] = [
  { path: 'dashboards', name: 'builder-dashboards', component: () => import('./DashboardsPage.vue') },
  { path: 'dashboards/:name', name: 'builder-dashboard', component: () => import('./DashboardDesignerPage.vue') },
];
