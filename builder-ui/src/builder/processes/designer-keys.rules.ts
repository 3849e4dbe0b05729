/*
 * The designer's keyboard: which action a key press means. Keys typed into a text field stay the
 * field's own (its undo, its arrows), except Ctrl+F and Escape.
 */

export type KeyAction =
  | { kind: 'undo' | 'redo' | 'delete' | 'copy' | 'paste' | 'search' | 'escape' }
  | { kind: 'nudge'; dx: number; dy: number };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  target: EventTarget | null;
}

function isTextField(target: EventTarget | null): boolean {
  if (typeof target !== 'object' || target === null || !('tagName' in target)) return false;
  const tag = String(target.tagName).toLowerCase();
  const editable = 'isContentEditable' in target && target.isContentEditable === true;
  return tag === 'input' || tag === 'textarea' || tag === 'select' || editable;
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export function designerKeyAction(event: KeyPress): KeyAction | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (mod && (key === 'f' || key === 'а')) return { kind: 'search' };
  if (key === 'Escape') return { kind: 'escape' };
  if (isTextField(event.target)) return null;
  if (mod && (key === 'z' || key === 'я')) return { kind: event.shiftKey ? 'redo' : 'undo' };
  if (mod && (key === 'y' || key === 'н')) return { kind: 'redo' };
  if (mod && (key === 'c' || key === 'с')) return { kind: 'copy' };
  if (mod && (key === 'v' || key === 'м')) return { kind: 'paste' };
  if (key === 'Delete' || key === 'Backspace') return { kind: 'delete' };
  const arrow = ARROWS[key];
  if (arrow && !mod) {
    const step = event.shiftKey ? 50 : 10;
    return { kind: 'nudge', dx: arrow[0] * step, dy: arrow[1] * step };
  }
  return null;
}
