import type { RouteRecordRaw } from 'vue-router';
import { DRAFT_READS } from '../draft-prefetch.js';

/** The entity designer: the list of entities, and one entity's fields with the selected field's panel (`?field=`). Each screen reads the draft first, asked for as a page opens on it (`meta.earlyAnswers`). */
export const routes: RouteRecordRaw[] = [
  { path: 'entities', name: 'builder-entities', component: () => import('./EntityListPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
  { path: 'entities/:name', name: 'builder-entity', component: () => import('./EntityEditorPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
];
