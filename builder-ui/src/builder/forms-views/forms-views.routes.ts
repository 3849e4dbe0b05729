import type { RouteRecordRaw } from 'vue-router';
import { DRAFT_READS } from '../draft-prefetch.js';

/** The forms and views designer: forms and views per entity, a form's layout and rules, a view's columns, filter, sort and kind. Each screen reads the draft first, asked for as a page opens on it (`meta.earlyAnswers`). */
export const routes: RouteRecordRaw[] = [
  { path: 'forms-views', name: 'builder-forms-views', component: () => import('./FormsViewsPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
  { path: 'forms-views/forms/:name', name: 'builder-form', component: () => import('./FormEditorPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
  { path: 'forms-views/views/:name', name: 'builder-view', component: () => import('./ViewEditorPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
];
