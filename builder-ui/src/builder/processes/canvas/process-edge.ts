import { h, type FunctionalComponent } from 'vue';
import { getBezierPath, type EdgeProps } from '@vue-flow/core';

/*
 * The line of an edge, drawn as Vue Flow's default (bezier) edge draws it, but as one functional
 * component: Vue Flow's own is two stateful components per edge (BezierEdge rendering BaseEdge,
 * with refs, attrs and an expose each), about 700 component instances for the 350 edges of a
 * 300-node process, all mounted in the same task that first shows its nodes. The elements and
 * classes are the same (the visible path, and the wide transparent one that catches a click),
 * so styles, selection and the tests that find `.vue-flow__edge-path` see no difference.
 */

/** Vue Flow's default width of the invisible path that makes an edge easy to click. */
const INTERACTION_WIDTH = 20;

export const ProcessEdge: FunctionalComponent<EdgeProps> = (props) => {
  const [path] = getBezierPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    targetX: props.targetX,
    targetY: props.targetY,
    sourcePosition: props.sourcePosition,
    targetPosition: props.targetPosition,
    curvature: props.curvature,
  });
  const width = props.interactionWidth ?? INTERACTION_WIDTH;
  return [
    h('path', { id: props.id, d: path, class: 'vue-flow__edge-path', style: props.style, 'marker-end': props.markerEnd, 'marker-start': props.markerStart }),
    width > 0 ? h('path', { d: path, fill: 'none', 'stroke-width': width, 'stroke-opacity': 0, class: 'vue-flow__edge-interaction' }) : null,
  ];
};

ProcessEdge.props = ['id', 'sourceX', 'sourceY', 'targetX', 'targetY', 'sourcePosition', 'targetPosition', 'markerStart', 'markerEnd', 'interactionWidth', 'style', 'curvature'];
// The rest of what Vue Flow hands an edge (its nodes, data, events) is not put on the elements:
// Vue Flow's BaseEdge wrote each of them onto the path as an attribute ("[object Object]").
ProcessEdge.inheritAttrs = false;
