import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import CrmButton from './CrmButton.vue';

/* What cannot be undone is confirmed with a button of its own colour, not the one that saves. */

describe('CrmButton', () => {
  it('draws danger in the kit’s error colour, primary in its primary one', () => {
    const danger = mount(CrmButton, { props: { variant: 'danger' }, slots: { default: 'Удалить' } });
    const primary = mount(CrmButton, { props: { variant: 'primary' }, slots: { default: 'Сохранить' } });
    expect(danger.get('button').classes()).toContain('n-button--error-type');
    expect(primary.get('button').classes()).toContain('n-button--primary-type');
    expect(danger.text()).toBe('Удалить');
  });
});
