import { NODE_TYPES, type Process } from '@crm/schemas';

/*
 * Ctrl+F on the canvas: the nodes whose id, label (either language), type name or config text
 * contains every word typed, case-insensitively, in the order they sit in the process.
 */

function haystack(node: Process['nodes'][number]): string {
  const type = NODE_TYPES[node.type];
  const parts = [node.id, node.label?.ru ?? '', node.label?.en ?? '', type.label.ru ?? '', type.label.en, JSON.stringify(node.config ?? {})];
  return parts.join('\n').toLocaleLowerCase();
}

export function searchNodes(process: Process, query: string): string[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return process.nodes.filter((node) => {
    const text = haystack(node);
    return words.every((w) => text.includes(w));
  }).map((n) => n.id);
}
