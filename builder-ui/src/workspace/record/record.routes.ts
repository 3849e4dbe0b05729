import type { RouteRecordRaw } from 'vue-router';

/*
 * The record screens: a new record's form (prefilled from the query, e.g. ?company=<id> when added
 * from a company's page), the record page and its edit form. Other areas link to 'record-view' and
 * 'record-new' by name.
 */
export const routes: RouteRecordRaw[] = [
  { path: 'records/:entity/new', name: 'record-new', component: () => import('./RecordFormPage.vue') },
  { path: 'records/:entity/:id', name: 'record-view', component: () => import('./RecordPage.vue') },
  { path: 'records/:entity/:id/edit', name: 'record-edit', component: () => import('./RecordFormPage.vue') },
];
