import type { RouteRecordRaw } from 'vue-router';

/*
 * Lists of records: /lists/:entity opens the entity's first list view (app.views), /lists/:entity/:view
 * a given one. The shell's navigation links each entity the person may read to its list.
 */
export const routes: RouteRecordRaw[] = [
  { path: 'lists/:entity', name: 'lists-entity', component: () => import('./ListPage.vue') },
  { path: 'lists/:entity/:view', name: 'lists-entity-view', component: () => import('./ListPage.vue') },
];
