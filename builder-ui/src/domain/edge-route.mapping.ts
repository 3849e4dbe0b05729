import type { UiLocale } from '@crm/schemas';
import type { CanvasEdge, CanvasNode } from './process-graph.mapping.js';
import { localizedText } from './localized-text.rules.js';

/*
 * An edge told in words: the step it leaves, the branch it leaves by (a condition's "yes", a
 * switch's case; none for a plain output) and the step it goes to, in the interface language.
 * The canvas labels each edge with it for screen readers, and the settings panel names the
 * selected connections with it.
 */

export interface EdgeRoute {
  from: string;
  to: string;
  branch: string | null;
}

export function edgeRoute(edge: Pick<CanvasEdge, 'source' | 'target' | 'sourceHandle'>, nodes: ReadonlyMap<string, CanvasNode>, locale: UiLocale): EdgeRoute {
  const title = (id: string): string => {
    const node = nodes.get(id);
    return node ? localizedText(node.data.title, locale, id) : id;
  };
  const branch = nodes.get(edge.source)?.data.handles.find((h) => h.id === edge.sourceHandle)?.label;
  return { from: title(edge.source), to: title(edge.target), branch: branch ? localizedText(branch, locale, edge.sourceHandle) : null };
}

/** Stand-ins for a route's parts, handed to the translation once in their place (see routeWords). */
export const ROUTE_SLOTS = { from: '\u0001from\u0001', to: '\u0001to\u0001', branch: '\u0001branch\u0001' } as const;

/**
 * A route put into a sentence worded once with ROUTE_SLOTS in place of its parts. Asking vue-i18n
 * for two messages per edge took about 47 ms of a 300-node process's load (350 edges); the words
 * around the parts depend on the language only. One pass over the template, so a step's title is
 * inserted as it is, whatever characters it holds.
 */
export function routeWords(template: string, route: EdgeRoute): string {
  return template.replace(/\u0001(from|to|branch)\u0001/g, (_slot, part: 'from' | 'to' | 'branch') => route[part] ?? '');
}

/**
 * The edges' labels, worded again only for the edges whose route changed. A selection or a
 * validation answer maps the process anew, and wording all 350 edges of a big process (two vue-i18n
 * calls each) took about 57 ms of every click; an edge's words depend on its route and the language
 * only. Keep one labeller per canvas.
 */
export function edgeLabeller(words: (route: EdgeRoute) => string): (edges: readonly CanvasEdge[], nodes: ReadonlyMap<string, CanvasNode>, locale: UiLocale) => Map<string, string> {
  let worded = new Map<string, { key: string; label: string }>();
  return (edges, nodes, locale) => {
    const next = new Map<string, { key: string; label: string }>();
    const labels = new Map<string, string>();
    for (const edge of edges) {
      const route = edgeRoute(edge, nodes, locale);
      const key = JSON.stringify([locale, route.from, route.to, route.branch]);
      const before = worded.get(edge.id);
      const label = before && before.key === key ? before.label : words(route);
      next.set(edge.id, { key, label });
      labels.set(edge.id, label);
    }
    // Only the edges of this mapping are kept: a removed edge's words go with it.
    worded = next;
    return labels;
  };
}
