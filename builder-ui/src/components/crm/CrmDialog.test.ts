import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import CrmDialog from './CrmDialog.vue';

/*
 * A dialog is named by its heading. A caller that clears the title as it closes the dialog (the
 * list's bulk actions do) must not leave it nameless during the closing animation (axe's
 * aria-dialog-name, seen in the lists' browser test).
 */

function heading(): HTMLElement | null {
  return document.body.querySelector<HTMLElement>('.crm-dialog__title');
}

describe('CrmDialog', () => {
  it('names the dialog by its title, and keeps the last title while the caller clears it', async () => {
    const wrapper = mount(CrmDialog, { props: { show: true, title: 'Изменить стадию' }, attachTo: document.body });
    await wrapper.vm.$nextTick();
    const dialog = document.body.querySelector('[role="dialog"]');
    expect(dialog?.getAttribute('aria-labelledby')).toBe(heading()?.id);
    expect(heading()?.textContent).toBe('Изменить стадию');

    await wrapper.setProps({ title: '' });
    expect(heading()?.textContent).toBe('Изменить стадию');

    await wrapper.setProps({ title: 'Сменить ответственного' });
    expect(heading()?.textContent).toBe('Сменить ответственного');
    wrapper.unmount();
  });
});
