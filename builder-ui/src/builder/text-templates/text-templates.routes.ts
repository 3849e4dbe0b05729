import type { RouteRecordRaw } from 'vue-router';

/** Document and email templates: kept by the runtime outside the definition, so no draft and no publish. */
export const routes: RouteRecordRaw[] = [
  { path: 'text-templates', name: 'builder-text-templates', component: () => import('./TextTemplatesPage.vue') },
  { path: 'text-templates/:name', name: 'builder-text-template', component: () => import('./TextTemplateEditorPage.vue') },
];
