import type { RouteRecordRaw } from 'vue-router';

/** The template gallery: preview a template's app and start the draft from it. */
export const routes: RouteRecordRaw[] = [{ path: 'templates', name: 'builder-templates', component: () => import('./TemplateGalleryPage.vue') }];
