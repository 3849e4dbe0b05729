import type { RouteRecordRaw } from 'vue-router';

/** The forms and views designer: forms and views per entity, a form's layout and rules, a view's columns, filter, sort and kind. */
export const routes: RouteRecordRaw[] = [
  { path: 'forms-views', name: 'builder-forms-views', component: () => import('./FormsViewsPage.vue') },
  { path: 'forms-views/forms/:name', name: 'builder-form', component: () => import('./FormEditorPage.vue') },
  { path: 'forms-views/views/:name', name: 'builder-view', component: () => import('./ViewEditorPage.vue') },
];
