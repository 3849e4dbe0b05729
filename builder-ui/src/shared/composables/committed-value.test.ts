import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref, withDirectives } from 'vue';
import { mount } from '@vue/test-utils';
import LabelInputs from '../../builder/LabelInputs.vue';
import { vCommittedValue } from './committed-value.js';

/*
 * What a person types into a box that saves on `change` survives the page rendering again for
 * another reason before they leave the box (regression: Vue sets a bound `value` on every render).
 */

function host(initial: string) {
  const value = ref(initial);
  const other = ref(0);
  const Host = defineComponent({
    setup: () => () => h('div', [h('span', String(other.value)), withDirectives(h('input', { 'data-box': '' }), [[vCommittedValue, value.value]])]),
  });
  const wrapper = mount(Host, { attachTo: document.body });
  const box = (): HTMLInputElement => wrapper.get('[data-box]').element as HTMLInputElement;
  return { wrapper, value, other, box };
}

describe('v-committed-value', () => {
  it('keeps what is being typed through a render for another reason', async () => {
    const { wrapper, other, box } = host('Deal');
    expect(box().value).toBe('Deal');
    box().focus();
    box().value = 'Deal of the year';
    other.value += 1;
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).toBe('1');
    expect(box().value).toBe('Deal of the year');
    wrapper.unmount();
  });

  it('follows a change of the value itself, even while the person is in the box (an undo)', async () => {
    const { wrapper, value, box } = host('Deal');
    box().focus();
    box().value = 'Dea';
    value.value = 'Opportunity';
    await wrapper.vm.$nextTick();
    expect(box().value).toBe('Opportunity');
    wrapper.unmount();
  });

  it('shows the value again once the person has left the box without it being taken', async () => {
    const { wrapper, other, box } = host('Deal');
    box().focus();
    box().value = '';
    box().blur();
    other.value += 1;
    await wrapper.vm.$nextTick();
    expect(box().value).toBe('Deal');
    wrapper.unmount();
  });

  it('guards the builder’s name boxes: a parent rendering again does not wipe a name being typed', async () => {
    const tick = ref(0);
    const Parent = defineComponent({
      // A new captions object on every render, as a template literal object would be.
      setup: () => () => h('div', [h('i', String(tick.value)), h(LabelInputs, { idPrefix: 'deal', label: { ru: 'Сделка', en: 'Deal' }, captions: { ru: 'Название (рус.)', en: 'Name (en)' } })]),
    });
    const wrapper = mount(Parent, { attachTo: document.body });
    const en = wrapper.get('#deal-en').element as HTMLInputElement;
    en.focus();
    en.value = 'Big deal';
    tick.value += 1;
    await wrapper.vm.$nextTick();
    expect(en.value).toBe('Big deal');
    wrapper.unmount();
  });
});
