/*
 * The canvas's minimap as numbers: the nodes' rectangles and the visible part of the canvas -> an
 * SVG viewBox, one path for all the nodes and a mask around the viewport. Pure, so the minimap
 * draws a 300-node process as two <path> elements instead of 300 components (Vue Flow's MiniMap
 * re-rendered every one of them on each frame of a drag or a pan).
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface MinimapView {
  /** The SVG viewBox, in flow coordinates. */
  box: Rect;
  /** Flow units per minimap pixel. */
  scale: number;
  /** The nodes as one path of rectangles (selected ones apart, drawn in another colour). */
  nodes: string;
  selected: string;
  /** The viewBox minus the viewport (fill-rule evenodd): dims what is off screen. */
  mask: string;
  /** The viewport's outline. */
  visible: string;
}

/** The part of the flow the canvas shows, in flow coordinates. */
export function visibleRect(viewport: Viewport, size: { width: number; height: number }): Rect {
  const zoom = viewport.zoom || 1;
  return { x: -viewport.x / zoom, y: -viewport.y / zoom, width: size.width / zoom, height: size.height / zoom };
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

const round = (n: number): number => Math.round(n * 10) / 10;
const rectPath = (r: Rect): string => `M${round(r.x)} ${round(r.y)}h${round(r.width)}v${round(r.height)}h${round(-r.width)}z`;

/** Some nodes drawn: their rectangles as paths and the rectangle around them (null when none). */
export interface NodesShape {
  bounds: Rect | null;
  plain: string;
  selected: string;
}

/**
 * Draws `nodes` (flow rectangles, `selected` marking some). Kept apart from the framing so the
 * canvas can redraw only the nodes being dragged on each frame, and nothing of them on a pan.
 */
export function nodesShape(nodes: ReadonlyArray<Rect & { selected?: boolean }>): NodesShape {
  let bounds: Rect | null = null;
  let plain = '';
  let selected = '';
  for (const node of nodes) {
    bounds = bounds ? union(bounds, node) : node;
    if (node.selected) selected += rectPath(node);
    else plain += rectPath(node);
  }
  return { bounds, plain, selected };
}

/**
 * The minimap of the nodes drawn in `shapes` with the canvas showing `visible`, in `size` pixels
 * with `padding` pixels around (as Vue Flow's MiniMap frames it).
 */
export function minimapView(shapes: readonly NodesShape[], visible: Rect, size: { width: number; height: number }, padding = 5): MinimapView {
  let bounds = visible;
  for (const shape of shapes) if (shape.bounds) bounds = union(bounds, shape.bounds);
  const scale = Math.max(bounds.width / size.width, bounds.height / size.height) || 1;
  const width = size.width * scale;
  const height = size.height * scale;
  const offset = padding * scale;
  const box = { x: bounds.x - (width - bounds.width) / 2 - offset, y: bounds.y - (height - bounds.height) / 2 - offset, width: width + offset * 2, height: height + offset * 2 };
  return {
    box,
    scale,
    nodes: shapes.map((s) => s.plain).join(''),
    selected: shapes.map((s) => s.selected).join(''),
    mask: rectPath(box) + rectPath(visible),
    visible: rectPath(visible),
  };
}

/** The viewport that centres the canvas (of `size` px, at `zoom`) on the flow point `center`. */
export function viewportCentredOn(center: { x: number; y: number }, zoom: number, size: { width: number; height: number }): Viewport {
  return { x: size.width / 2 - center.x * zoom, y: size.height / 2 - center.y * zoom, zoom };
}
