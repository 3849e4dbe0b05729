import { describe, expect, it } from 'vitest';
import { designerKeyAction, type KeyPress } from './designer-keys.rules.js';

function press(key: string, mods: Partial<KeyPress> = {}): KeyPress {
  return { key, ctrlKey: false, metaKey: false, shiftKey: false, target: null, ...mods };
}

describe('designer-keys.rules', () => {
  it('maps the shortcuts, in either keyboard layout', () => {
    expect(designerKeyAction(press('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(designerKeyAction(press('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(designerKeyAction(press('я', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(designerKeyAction(press('y', { metaKey: true }))).toEqual({ kind: 'redo' });
    expect(designerKeyAction(press('c', { ctrlKey: true }))).toEqual({ kind: 'copy' });
    expect(designerKeyAction(press('v', { ctrlKey: true }))).toEqual({ kind: 'paste' });
    expect(designerKeyAction(press('f', { ctrlKey: true }))).toEqual({ kind: 'search' });
    expect(designerKeyAction(press('Delete'))).toEqual({ kind: 'delete' });
    expect(designerKeyAction(press('ArrowLeft'))).toEqual({ kind: 'nudge', dx: -10, dy: 0 });
    expect(designerKeyAction(press('ArrowDown', { shiftKey: true }))).toEqual({ kind: 'nudge', dx: 0, dy: 50 });
    expect(designerKeyAction(press('q'))).toBeNull();
  });

  it('leaves keys typed into a text field to the field, except Ctrl+F and Escape', () => {
    const input = document.createElement('input');
    expect(designerKeyAction(press('Delete', { target: input }))).toBeNull();
    expect(designerKeyAction(press('z', { ctrlKey: true, target: input }))).toBeNull();
    expect(designerKeyAction(press('f', { ctrlKey: true, target: input }))).toEqual({ kind: 'search' });
    expect(designerKeyAction(press('Escape', { target: input }))).toEqual({ kind: 'escape' });
  });
});
