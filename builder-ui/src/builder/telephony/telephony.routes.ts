import type { RouteRecordRaw } from 'vue-router';

/** Telephony: the PBX integrations (create, secret once) and one integration's config, secret and extensions. */
export const routes: RouteRecordRaw[] = [
  { path: 'telephony', name: 'builder-telephony', component: () => import('./TelephonyPage.vue') },
  { path: 'telephony/:name', name: 'builder-telephony-integration', component: () => import('./TelephonyIntegrationPage.vue') },
];
