import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { Field } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import type { FormSectionLayout } from '../../domain/form-rules.mapping.js';
import RecordFields from './RecordFields.vue';

/* A record form's fields: the analyst's description of a field sits under its input while it is edited, read to screen readers with the input. */

const poNumber: Field = { name: 'po_number', type: 'text', label: { ru: 'Номер заказа клиента', en: 'Client’s PO number' }, description: { ru: 'Как в письме клиента.', en: 'As the client’s letter gives it.' } };
const title: Field = { name: 'title', type: 'text', label: { ru: 'Название', en: 'Title' } };
const sections: FormSectionLayout[] = [{ key: 's0', columns: 1, items: [title, poNumber].map((field) => ({ field, span: 1, readOnly: false, required: false })) }];
const states = { title: { visible: true, required: false, readOnly: false }, po_number: { visible: true, required: false, readOnly: false } };

function mountFields(mode: 'edit' | 'view', locale: 'ru' | 'en' = 'ru', errors: Record<string, string> = {}) {
  return mount(RecordFields, { props: { sections, states, values: { title: 'A', po_number: null }, entity: 'deal', mode, errors, idPrefix: 't' }, global: { plugins: [createAppI18n(locale)] } });
}

describe('record form hints', () => {
  it('shows a field’s description under its input in edit mode, tied to it with its error', () => {
    const wrapper = mountFields('edit', 'en', { po_number: 'Too long' });
    expect(wrapper.get('[data-field-hint="po_number"]').text()).toBe('As the client’s letter gives it.');
    expect(wrapper.find('[data-field-hint="title"]').exists()).toBe(false);
    expect(wrapper.get('#t-po_number').attributes('aria-describedby')).toBe('t-po_number-error t-po_number-hint');
  });

  it('leaves it out when the record is only read', () => {
    expect(mountFields('view').find('[data-field-hint]').exists()).toBe(false);
  });
});
