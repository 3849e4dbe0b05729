import type { RouteRecordRaw } from 'vue-router';

/** Runs: the engine's queue and the runs of every process, with the admin's retry and cancel. */
export const routes: RouteRecordRaw[] = [{ path: 'runs', name: 'builder-runs', component: () => import('./RunsPage.vue') }];
