import type { RouteRecordRaw } from 'vue-router';
import type { WorkspaceNavItem } from '../workspace-area.types.js';

/** Mail: what was sent from records and by processes (the local mailbox when there is no SMTP), and one message. */
export const routes: RouteRecordRaw[] = [
  { path: 'mail', name: 'mail', component: () => import('./MailPage.vue') },
  { path: 'mail/:id', name: 'mail-message', component: () => import('./MailMessagePage.vue') },
];

export const navItems: WorkspaceNavItem[] = [{ routeName: 'mail', labelKey: 'mail.nav.title', order: 40 }];
