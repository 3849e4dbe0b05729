import type { RouteRecordRaw } from 'vue-router';
import { DRAFT_READS } from '../draft-prefetch.js';

/** Web forms: the draft's public forms, and one form's fields, texts, consent and public address. Each screen reads the draft first, asked for as a page opens on it (`meta.earlyAnswers`). */
export const routes: RouteRecordRaw[] = [
  { path: 'web-forms', name: 'builder-web-forms', component: () => import('./WebFormsPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
  { path: 'web-forms/:name', name: 'builder-web-form', component: () => import('./WebFormEditorPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
];
