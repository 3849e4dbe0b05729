import type { RouteRecordRaw } from 'vue-router';
import { DRAFT_READS } from '../draft-prefetch.js';

/** The pipeline editor: the pipelines of the app, and one pipeline's stages with their robots. Each screen reads the draft first, asked for as a page opens on it (`meta.earlyAnswers`). */
export const routes: RouteRecordRaw[] = [
  { path: 'pipelines', name: 'builder-pipelines', component: () => import('./PipelineListPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
  { path: 'pipelines/:name', name: 'builder-pipeline', component: () => import('./PipelineEditorPage.vue'), meta: { earlyAnswers: DRAFT_READS } },
];
