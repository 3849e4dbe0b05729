import type { RouteRecordRaw } from 'vue-router';
import { prefetchDraft } from '../draft-prefetch.js';

/** The process designer's screens (paths relative to /builder). */
export const routes: RouteRecordRaw[] = [
  { path: 'processes', name: 'processes', component: () => import('./ProcessListPage.vue'), beforeEnter: prefetchDraft },
  { path: 'processes/:name', name: 'process-designer', component: () => import('./ProcessDesignerPage.vue'), props: true, beforeEnter: prefetchDraft },
];
