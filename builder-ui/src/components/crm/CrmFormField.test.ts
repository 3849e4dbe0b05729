import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { mount } from '@vue/test-utils';
import CrmFormField from './CrmFormField.vue';
import CrmInput from './CrmInput.vue';

/* A field's label, input and error are tied together the way screen readers and the browser tests expect. */

function fieldWith(error: string | null) {
  return defineComponent({
    setup() {
      const value = ref('a@b.c');
      return () =>
        h(CrmFormField, { label: 'Эл. почта', forId: 'email', error }, {
          default: (slot: { describedby?: string; invalid: boolean }) =>
            h(CrmInput, { id: 'email', modelValue: value.value, 'onUpdate:modelValue': (v: string) => (value.value = v), invalid: slot.invalid, describedby: slot.describedby }),
        });
    },
  });
}

describe('CrmFormField with CrmInput', () => {
  it('labels the input and shows the error next to it, announced and referenced', () => {
    const wrapper = mount(fieldWith('Укажите адрес эл. почты.'));
    const input = wrapper.get('input');
    expect(wrapper.get('label').attributes('for')).toBe('email');
    expect(input.attributes('id')).toBe('email');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(input.attributes('aria-describedby')).toBe('email-error');
    const error = wrapper.get('#email-error');
    expect(error.text()).toBe('Укажите адрес эл. почты.');
    expect(error.attributes('role')).toBe('alert');
  });

  it('has no error element and no invalid marks without an error', () => {
    const wrapper = mount(fieldWith(null));
    expect(wrapper.find('#email-error').exists()).toBe(false);
    expect(wrapper.get('input').attributes('aria-invalid')).toBeUndefined();
    expect(wrapper.get('input').attributes('aria-describedby')).toBeUndefined();
  });

  it('passes typing up through v-model', async () => {
    const wrapper = mount(fieldWith(null));
    await wrapper.get('input').setValue('new@example.com');
    expect(wrapper.get('input').element.value).toBe('new@example.com');
  });
});
