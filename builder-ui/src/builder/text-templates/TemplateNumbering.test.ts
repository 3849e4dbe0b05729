import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createAppI18n } from '../../app/i18n.js';
import type { TextTemplateInput } from '../../api/text-templates.api.js';
import { templateProblems } from '../../domain/text-template-draft.rules.js';
import TemplateNumbering from './TemplateNumbering.vue';

/* A document's numbering in the template settings: turned on with an example, its format's problem under the field, in both languages. */

const INVOICE: TextTemplateInput = { name: 'invoice', kind: 'document', entity: 'deal', label: { ru: 'Счёт', en: 'Invoice' }, fileName: 'Счёт', body: '<p>x</p>' };

function mountWith(template: TextTemplateInput, locale: 'ru' | 'en', issues: Array<{ field: string; message: string; line: undefined }> = []) {
  const updates: TextTemplateInput[] = [];
  const wrapper = mount(TemplateNumbering, {
    props: { modelValue: template, 'onUpdate:modelValue': (value: TextTemplateInput) => updates.push(value), problem: templateProblems(template).numberingFormat, issues },
    global: { plugins: [createAppI18n(locale)] },
  });
  return { wrapper, updates };
}

describe('TemplateNumbering', () => {
  it('turns numbering on with a format and shows the first number', async () => {
    const { wrapper, updates } = mountWith(INVOICE, 'en');
    expect(wrapper.find('[data-input="numbering-format"]').exists()).toBe(false);
    await wrapper.find('[data-input="numbering-on"]').setValue(true);
    expect(updates.at(-1)?.numbering).toEqual({ format: '{yyyy}-{n:0000}' });

    const on = mountWith({ ...INVOICE, numbering: { format: 'СЧ-{yyyy}-{n:0000}' } }, 'en');
    expect(on.wrapper.find('[data-number-example]').text()).toBe(`First number: СЧ-${new Date().getFullYear()}-0001`);
    await on.wrapper.find('[data-input="numbering-sequence"]').setValue('invoices');
    expect(on.updates.at(-1)?.numbering).toEqual({ format: 'СЧ-{yyyy}-{n:0000}', sequence: 'invoices' });
  });

  it('says under the format field what is wrong with it, in Russian and English', () => {
    const noCounter = { ...INVOICE, numbering: { format: 'СЧ-{yyyy}' } };
    const ru = mountWith(noCounter, 'ru').wrapper;
    const field = ru.find('#tnum-format');
    expect(field.attributes('aria-invalid')).toBe('true');
    expect(field.attributes('aria-describedby')).toBe('tnum-format-error');
    expect(ru.find('[data-field-error="numberingFormat"]').text()).toBe('Нужен счётчик {n} (или {n:0000} — с нулями впереди).');
    expect(mountWith(noCounter, 'en').wrapper.find('[data-field-error="numberingFormat"]').text()).toBe('The format needs the counter {n} (or {n:0000}, padded with zeros).');
  });

  it('shows the server’s refusal of the counter’s name under that field', () => {
    const { wrapper } = mountWith({ ...INVOICE, numbering: { format: '{n}', sequence: 'Bad' } }, 'en', [{ field: 'numbering.sequence', message: 'The sequence is a-z, 0-9 and _.', line: undefined }]);
    expect(wrapper.find('[data-field-error="numberingSequence"]').text()).toBe('The sequence is a-z, 0-9 and _.');
  });
});
