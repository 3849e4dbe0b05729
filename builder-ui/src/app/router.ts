import { createRouter, createWebHistory, loadRouteLocation, type RouteLocationResolved, type RouteRecordRaw, type Router } from 'vue-router';
import type { Pinia } from 'pinia';
import { useSessionStore } from '../stores/session.store.js';
import { afterSignInPath } from '../domain/sign-in-errors.mapping.js';
import { needsNewDocument, routeTreeOf, type RouteTree } from '../domain/route-tree.rules.js';
import { BUILDER_SECTION_PATTERN } from '../builder/builder-sections.catalog.js';
import { WORKSPACE_AREA_ROUTES } from '../workspace/workspace-areas.catalog.js';

/*
 * Two route trees in one app: /builder/** for analysts, /** for the workspace. Each tree is its
 * own chunk. Every screen but sign-in needs a session; the guard waits for the session the cookie
 * carries before the first screen is chosen.
 */
/*
 * Each builder area declares its own screens in builder/<area>/<area>.routes.ts (`export const
 * routes: RouteRecordRaw[]`, paths relative to /builder), so areas are added without editing this
 * file; a section without screens yet shows its placeholder page.
 */
const AREA_ROUTE_FILES = import.meta.glob<RouteRecordRaw[]>('../builder/*/*.routes.ts', { eager: true, import: 'routes' });
const BUILDER_AREA_ROUTES: RouteRecordRaw[] = Object.keys(AREA_ROUTE_FILES)
  .sort()
  .flatMap((file) => AREA_ROUTE_FILES[file] ?? []);

/** The GETs a screen's route names in `meta.earlyAnswers`, asked for as a page opens on it (main.ts). */
export function earlyAnswersOf(route: Pick<RouteLocationResolved, 'matched'>): string[] {
  return route.matched.flatMap((record) => {
    const paths: unknown = record.meta['earlyAnswers'];
    return Array.isArray(paths) ? paths.filter((path): path is string => typeof path === 'string' && path.startsWith('/api/')) : [];
  });
}

export function createAppRouter(pinia: Pinia): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/sign-in', name: 'sign-in', component: () => import('../session/SignInPage.vue'), meta: { public: true } },
      {
        path: '/builder',
        component: () => import('../builder/BuilderShell.vue'),
        children: [
          { path: '', name: 'builder-home', component: () => import('../builder/BuilderHomePage.vue') },
          ...BUILDER_AREA_ROUTES,
          { path: `:section(${BUILDER_SECTION_PATTERN})`, name: 'builder-section', component: () => import('../builder/BuilderSectionPage.vue') },
        ],
      },
      {
        path: '/',
        component: () => import('../workspace/WorkspaceShell.vue'),
        children: [
          { path: '', name: 'workspace-home', component: () => import('../workspace/WorkspaceHomePage.vue') },
          ...WORKSPACE_AREA_ROUTES,
          { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../workspace/NotFoundPage.vue') },
        ],
      },
    ],
  });

  // The tree this document was loaded in; its Content-Security-Policy is that tree's.
  const documentTree: RouteTree = routeTreeOf(typeof window === 'undefined' ? '/' : window.location.pathname);

  router.beforeEach(async (to) => {
    if (typeof window !== 'undefined' && needsNewDocument(documentTree, to.path)) {
      window.location.assign(to.fullPath);
      return false;
    }
    const session = useSessionStore(pinia);
    // On a page's first screen the session is read from the server: fetch that screen's code
    // meanwhile instead of after it (the router loads it only once the guards are done). A
    // failure is left to the navigation itself, which loads the code again and reports it.
    if (!session.restored) loadRouteLocation(to).catch(() => undefined);
    try {
      await session.restore();
    } catch {
      // No answer from the server: the sign-in page says so when the person tries.
    }
    if (to.meta['public'] !== true && !session.signedIn) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
    if (to.name === 'sign-in' && session.signedIn) return afterSignInPath(to.query['next']);
    return true;
  });
  return router;
}
