/*
 * The strongly connected groups of a directed graph (Tarjan's algorithm), for the validator's cycle
 * rule and the builder's graph lint. Walked with an explicit stack, not recursion: a process is a
 * JSON document anyone with builder access can send, and a chain of a few thousand steps overflowed
 * the call stack of the recursive walk (the draft's validation threw a RangeError).
 */

/**
 * Each group as a list of ids in the order the walk first reached them (its first id is where the
 * walk entered it); groups in the order they were completed. Ids reached through `next` but not in
 * `ids` are walked too.
 */
export function stronglyConnected(ids: Iterable<string>, next: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  const enter = (id: string, work: Array<{ id: string; edge: number }>): void => {
    index.set(id, counter);
    low.set(id, counter);
    counter += 1;
    stack.push(id);
    onStack.add(id);
    work.push({ id, edge: 0 });
  };
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; edge: number }> = [];
    enter(root, work);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const targets = next.get(frame.id) ?? [];
      if (frame.edge < targets.length) {
        const to = targets[frame.edge] ?? '';
        frame.edge += 1;
        if (!index.has(to)) enter(to, work);
        else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(to) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const group: string[] = [];
      for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
        onStack.delete(id);
        group.push(id);
        if (id === frame.id) break;
      }
      groups.push(group.reverse());
    }
  }
  return groups;
}
