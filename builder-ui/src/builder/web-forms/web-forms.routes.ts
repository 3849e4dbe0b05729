import type { RouteRecordRaw } from 'vue-router';

/** Web forms: the draft's public forms, and one form's fields, texts, consent and public address. */
export const routes: RouteRecordRaw[] = [
  { path: 'web-forms', name: 'builder-web-forms', component: () => import('./WebFormsPage.vue') },
  { path: 'web-forms/:name', name: 'builder-web-form', component: () => import('./WebFormEditorPage.vue') },
];
