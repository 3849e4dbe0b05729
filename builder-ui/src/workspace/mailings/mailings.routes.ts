import type { RouteRecordRaw } from 'vue-router';
import type { WorkspaceNavItem } from '../workspace-area.types.js';

/** Mailings: segments (saved conditions over contacts), mailings to them, and each mailing's results. */
export const routes: RouteRecordRaw[] = [
  { path: 'mailings', name: 'mailings', component: () => import('./MailingsPage.vue') },
  { path: 'mailings/segments/:id', name: 'mailings-segment', component: () => import('./SegmentEditorPage.vue') },
  { path: 'mailings/:id/edit', name: 'mailings-edit', component: () => import('./MailingEditorPage.vue') },
  { path: 'mailings/:id', name: 'mailings-results', component: () => import('./MailingResultsPage.vue') },
];

export const navItems: WorkspaceNavItem[] = [{ routeName: 'mailings', labelKey: 'mailings.nav.title', order: 45, needs: 'mail' }];
