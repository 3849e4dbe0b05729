/*
 * The app has two trees served as separate documents: the builder (/builder/**) and the workspace
 * (everything else). Navigation that crosses from one to the other loads a new document, so each
 * starts with only its own stores and chunks. (They once had different Content-Security-Policies;
 * both now run under one that lets neither generate code.)
 */

export type RouteTree = 'builder' | 'workspace';

export function routeTreeOf(path: string): RouteTree {
  return path === '/builder' || path.startsWith('/builder/') ? 'builder' : 'workspace';
}

/** Whether going to `path` from a document loaded in `documentTree` needs a new document. */
export function needsNewDocument(documentTree: RouteTree, path: string): boolean {
  return routeTreeOf(path) !== documentTree;
}
