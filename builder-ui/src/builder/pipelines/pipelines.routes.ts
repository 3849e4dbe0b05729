import type { RouteRecordRaw } from 'vue-router';

/** The pipeline editor: the pipelines of the app, and one pipeline's stages with their robots. */
export const routes: RouteRecordRaw[] = [
  { path: 'pipelines', name: 'builder-pipelines', component: () => import('./PipelineListPage.vue') },
  { path: 'pipelines/:name', name: 'builder-pipeline', component: () => import('./PipelineEditorPage.vue') },
];
