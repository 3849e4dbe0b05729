import { shallowRef, type Ref } from 'vue';
import { useHandle, type HandleType, type ValidConnectionFunc } from '@vue-flow/core';

/*
 * The nodes' connection points are plain elements with the classes and data attributes Vue Flow
 * looks for (it measures them, finds the one under the pointer and draws to it), not its <Handle>
 * components: a 300-node process had about 900 of them, each with its own store look-ups, props
 * proxy and watchers, a tenth of the time the page took to open. One useHandle for the canvas does
 * what each <Handle> did on a press or click, for the point pressed. Call inside the canvas's setup,
 * after useVueFlow(id) (useHandle finds that flow by the component's scope).
 */

export interface HandlePress {
  nodeId: string;
  handleId: string;
  type: HandleType;
}

export type HandlePressHandler = (event: MouseEvent | TouchEvent, press: HandlePress, kind: 'press' | 'click') => void;

/** The DOM id Vue Flow gives a handle (it finds the handle under a connection's end by it). */
export function handleDomId(flowId: string, press: HandlePress): string {
  return `${flowId}-${press.nodeId}-${press.handleId}-${press.type}`;
}

export function useCanvasHandles(validate: Ref<ValidConnectionFunc>): HandlePressHandler {
  const nodeId = shallowRef('');
  const handleId = shallowRef<string | null>(null);
  const type = shallowRef<HandleType>('source');
  // As before: a drag from an output is checked against the rules while it goes; from an input it is not.
  const isValidConnection = shallowRef<ValidConnectionFunc | null>(null);
  const { handlePointerDown, handleClick } = useHandle({ nodeId, handleId, type, isValidConnection });
  return (event, press, kind) => {
    nodeId.value = press.nodeId;
    handleId.value = press.handleId;
    type.value = press.type;
    isValidConnection.value = press.type === 'source' ? validate.value : null;
    if (kind === 'click') {
      if (event instanceof MouseEvent) handleClick(event);
      return;
    }
    // Only the main button starts a connection (Vue Flow's <Handle> did the same).
    if (event instanceof MouseEvent && event.button !== 0) return;
    handlePointerDown(event);
  };
}
