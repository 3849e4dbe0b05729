/** A rename of a table or a column from one name to another. */
export interface Rename<T> {
  from: string;
  to: string;
  item: T;
}

export interface RenameMove<T> extends Rename<T> {
  /** A move to a parking name, made to break a cycle (two names swapped); a later move finishes it. */
  temporary: boolean;
}

/*
 * Orders renames so that no rename targets a name still held by another one waiting to move (a
 * takes b's name after b has moved on). A cycle (a <-> b) has no such order; one of its members is
 * parked under a name no definition can use first. Names that are dropped are gone before renames
 * run, and names that are added come after, so only the renamed names can be in the way.
 */
export function orderRenames<T>(renames: readonly Rename<T>[], parkingName: (n: number) => string): RenameMove<T>[] {
  const pending = renames.filter((r) => r.from !== r.to).map((r) => ({ ...r }));
  const held = new Set(pending.map((r) => r.from));
  const moves: RenameMove<T>[] = [];
  let parked = 0;
  while (pending.length > 0) {
    const ready = pending.findIndex((r) => !held.has(r.to));
    if (ready >= 0) {
      const [next] = pending.splice(ready, 1);
      if (!next) break;
      held.delete(next.from);
      held.add(next.to);
      moves.push({ ...next, temporary: false });
      continue;
    }
    // Every pending rename waits for another: a cycle. Park the first one and go on.
    const first = pending[0];
    if (!first) break;
    const parking = parkingName(++parked);
    held.delete(first.from);
    held.add(parking);
    moves.push({ from: first.from, to: parking, item: first.item, temporary: true });
    first.from = parking;
  }
  return moves;
}
