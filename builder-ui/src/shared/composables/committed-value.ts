import type { ObjectDirective } from 'vue';

/*
 * `v-committed-value="x"` in place of `:value="x"` on a text box that saves on `change` (on leaving
 * it or pressing Enter), as the builder's boxes do. Vue sets a bound `value` again on every render
 * of the component that owns the box (vuejs/core#1471), so a render for any other reason while a
 * person was typing (an autosave's answer, a validation answer, a parent handing down a new
 * object) put the saved text back and threw away what they had typed. With this directive the
 * box follows the value when the value itself changes (an undo, another tab's edit) or when the
 * person is not in the box; otherwise what they are typing stays until they commit it.
 */

type TextBox = HTMLInputElement | HTMLTextAreaElement;
type Bound = string | number | null | undefined;

function text(value: Bound): string {
  return value === null || value === undefined ? '' : String(value);
}

function typingIn(el: TextBox): boolean {
  return el.ownerDocument.activeElement === el;
}

export const vCommittedValue: ObjectDirective<TextBox, Bound> = {
  mounted(el, { value }) {
    el.value = text(value);
  },
  updated(el, { value, oldValue }) {
    const next = text(value);
    if (el.value === next) return;
    if (value !== oldValue || !typingIn(el)) el.value = next;
  },
};
