import type { RouteRecordRaw } from 'vue-router';

/** The entity designer: the list of entities, and one entity's fields with the selected field's panel (`?field=`). */
export const routes: RouteRecordRaw[] = [
  { path: 'entities', name: 'builder-entities', component: () => import('./EntityListPage.vue') },
  { path: 'entities/:name', name: 'builder-entity', component: () => import('./EntityEditorPage.vue') },
];
