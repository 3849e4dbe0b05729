/*
 * The app has two trees served as separate documents with their own Content-Security-Policy: the
 * builder (/builder/**, which runs the definition validators Ajv generates in the page) and the
 * workspace (everything else, which may not eval). Navigation that crosses from one to the other
 * loads a new document, so a page never runs under the other tree's policy.
 */

export type RouteTree = 'builder' | 'workspace';

export function routeTreeOf(path: string): RouteTree {
  return path === '/builder' || path.startsWith('/builder/') ? 'builder' : 'workspace';
}

/** Whether going to `path` from a document loaded in `documentTree` needs a new document. */
export function needsNewDocument(documentTree: RouteTree, path: string): boolean {
  return routeTreeOf(path) !== documentTree;
}
