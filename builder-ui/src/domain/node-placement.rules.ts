import { NODE_HEIGHT, NODE_WIDTH } from './graph-layout.apply.js';

/*
 * Where a step added after another goes when that place is taken: a step dropped from the palette
 * onto a step, or added after the chosen one, went right of it at its output's height, on top of
 * whatever already stood there (a condition's "yes" step, say), and the new connection then ran
 * back under both. The place moves down, one step's height and a gap at a time, until it is free.
 * Pure: positions in, a position out.
 */

export interface Point {
  x: number;
  y: number;
}

/** The gap kept between two steps, as the auto-layout keeps them (nodesep). */
const GAP = 40;

function overlaps(a: Point, b: Point): boolean {
  return Math.abs(a.x - b.x) < NODE_WIDTH + GAP && Math.abs(a.y - b.y) < NODE_HEIGHT + GAP;
}

/** `wanted`, or the first place below it that overlaps none of `taken` (top-left corners). */
export function freePlace(wanted: Point, taken: readonly Point[]): Point {
  let place = wanted;
  // One step per taken place is always enough: each one can push the place down only once.
  for (let i = 0; i <= taken.length; i += 1) {
    const blocker = taken.find((other) => overlaps(place, other));
    if (!blocker) return place;
    place = { x: wanted.x, y: blocker.y + NODE_HEIGHT + GAP };
  }
  return place;
}
