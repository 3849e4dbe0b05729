import type { RouteRecordRaw } from 'vue-router';

/** The process designer's screens (paths relative to /builder). */
export const routes: RouteRecordRaw[] = [
  { path: 'processes', name: 'processes', component: () => import('./ProcessListPage.vue') },
  { path: 'processes/:name', name: 'process-designer', component: () => import('./ProcessDesignerPage.vue'), props: true },
];
