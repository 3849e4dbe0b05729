import type { RouteRecordRaw } from 'vue-router';

/** Publishing the draft with its migration plan, and the version history with diffs and rollback. */
export const routes: RouteRecordRaw[] = [
  { path: 'publish', name: 'builder-publish', component: () => import('./PublishPage.vue') },
  { path: 'publish/versions/:version', name: 'builder-version', component: () => import('./VersionPage.vue') },
];
