import type { RouteRecordRaw } from 'vue-router';
import { DRAFT_READS, prefetchDraft } from '../draft-prefetch.js';

/** The process designer's screens (paths relative to /builder). */
export const routes: RouteRecordRaw[] = [
  { path: 'processes', name: 'processes', component: () => import('./ProcessListPage.vue'), beforeEnter: prefetchDraft, meta: { earlyAnswers: DRAFT_READS } },
  {
    path: 'processes/:name',
    name: 'process-designer',
    component: () => import('./ProcessDesignerPage.vue'),
    props: true,
    beforeEnter: prefetchDraft,
    meta: { earlyAnswers: DRAFT_READS },
  },
];
