import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createAppI18n } from '../../app/i18n.js';
import type { TemplateInsertGroup } from '../../domain/text-template-fields.mapping.js';
import MailingComposer from './MailingComposer.vue';
import MailingLinkTool from './MailingLinkTool.vue';

/*
 * The mailing editor's composer: a record field goes where the person was writing (the subject's
 * cursor or the body's), the link tool refuses what is not an http(s) address next to its field and
 * inserts a link into the body, and a refusal of the subject shows under the subject.
 */

const GROUPS: TemplateInsertGroup[] = [
  { kind: 'record', key: 'record', label: { ru: 'Контакт', en: 'Contact' }, items: [{ label: { ru: 'Имя', en: 'First name' }, insert: '{{ record.first_name }}' }] },
  { kind: 'related', key: 'related.company', label: { ru: 'Компания', en: 'Company' }, items: [{ label: { ru: 'Название', en: 'Name' }, insert: '{{ record.company.name }}' }] },
];

function mountComposer(props: { subject?: string; body?: string; problems?: Record<string, string> } = {}) {
  return mount(MailingComposer, {
    props: { subject: props.subject ?? '', body: props.body ?? '', groups: GROUPS, locale: 'ru', problems: props.problems ?? {} },
    global: { plugins: [createAppI18n('ru')] },
    attachTo: document.body,
  });
}

describe('MailingComposer', () => {
  it('lists the segment entity’s fields and inserts one into the body by default', async () => {
    const wrapper = mountComposer({ body: 'Здравствуйте, ' });
    expect(wrapper.get('[data-insert-group="record"]').text()).toContain('Имя');
    expect(wrapper.get('[data-insert-group="related.company"]').text()).toContain('Название');
    await wrapper.get('[data-insert="{{ record.first_name }}"]').trigger('click');
    const bodies = wrapper.emitted('update:body') ?? [];
    expect(bodies.at(-1)?.[0]).toContain('{{ record.first_name }}');
    expect(wrapper.emitted('update:subject')).toBeUndefined();
    wrapper.unmount();
  });

  it('inserts at the subject’s cursor once the subject was used last', async () => {
    const wrapper = mountComposer({ subject: 'Весна для вас' });
    const input = wrapper.get<HTMLInputElement>('#mailing-subject');
    await input.trigger('focusin');
    input.element.setSelectionRange(10, 10);
    await wrapper.get('[data-insert="{{ record.company.name }}"]').trigger('click');
    expect(wrapper.emitted('update:subject')?.at(-1)).toEqual(['Весна для {{ record.company.name }}вас']);
    wrapper.unmount();
  });

  it('adds a link through the link tool and shows a refused subject under it', async () => {
    const wrapper = mountComposer({ body: '<p>Привет</p>', problems: { subject: 'Напишите тему (от 1 до 500 символов).' } });
    expect(wrapper.get('[data-field-error="mailing-subject"]').text()).toBe('Напишите тему (от 1 до 500 символов).');
    await wrapper.get('[data-action="open-link-tool"]').trigger('click');
    await wrapper.get('#mailing-link-url').setValue('https://shop.example/spring');
    await wrapper.get('#mailing-link-words').setValue('Весенние цены');
    await wrapper.get('[data-mailing-link-tool]').trigger('submit');
    await flushPromises();
    expect(wrapper.emitted('update:body')?.at(-1)?.[0]).toContain('<a href="https://shop.example/spring">Весенние цены</a>');
    expect(wrapper.find('[data-mailing-link-tool]').exists()).toBe(false);
    wrapper.unmount();
  });
});

describe('MailingLinkTool', () => {
  it('says next to the field what is wrong with the address and inserts nothing', async () => {
    const wrapper = mount(MailingLinkTool, { props: { html: false }, global: { plugins: [createAppI18n('en')] } });
    await wrapper.get('#mailing-link-url').setValue('javascript:alert(1)');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('[data-field-error="mailing-link-url"]').text()).toBe('The address must start with https:// or http://.');
    expect(wrapper.emitted('insert')).toBeUndefined();
    await wrapper.get('#mailing-link-url').setValue('https://shop.example/');
    await wrapper.get('#mailing-link-words').setValue('Catalogue');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('insert')).toEqual([['Catalogue: https://shop.example/']]);
  });
});
