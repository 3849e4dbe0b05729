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
