/** The drag-and-drop type a palette item carries onto the canvas (its value: the node type). */
export const NODE_DRAG_TYPE = 'application/x-crm-node-type';

/** The canvas's intents' payloads. */
export interface MoveIntent {
  id: string;
  position: { x: number; y: number };
}

export interface DropIntent {
  type: string;
  position: { x: number; y: number };
  /** The step it was dropped onto (the new step goes after it), or null. */
  onto: string | null;
}
