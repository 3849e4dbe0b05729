/*
 * Which sides of a horizontal scroller hide more content. A strip cut at its edge (the stage strip
 * beside an open settings panel, a kanban board on a laptop) looked complete: nothing said that a
 * stage or a column lay beyond it. The page fades the sides named here.
 */

export type ScrollCue = 'none' | 'before' | 'after' | 'both';

export interface ScrollExtent {
  scrollLeft: number;
  scrollWidth: number;
  clientWidth: number;
}

/** Half a pixel and less is rounding: zoomed pages report fractional scroll positions. */
const SLACK = 1;

export function scrollCue({ scrollLeft, scrollWidth, clientWidth }: ScrollExtent): ScrollCue {
  const hidden = scrollWidth - clientWidth;
  if (hidden <= SLACK) return 'none';
  const before = scrollLeft > SLACK;
  const after = scrollLeft < hidden - SLACK;
  if (before && after) return 'both';
  if (before) return 'before';
  return after ? 'after' : 'none';
}
