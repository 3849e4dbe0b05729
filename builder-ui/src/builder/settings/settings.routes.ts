import type { RouteRecordRaw } from 'vue-router';

/** Settings of the installation (admins): the public URL mailing links are built on. */
export const routes: RouteRecordRaw[] = [{ path: 'settings', name: 'builder-settings', component: () => import('./SettingsPage.vue') }];
