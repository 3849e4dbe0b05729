import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { App, DefinitionIssue } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import { applyDraftChange, type DraftChange } from '../../domain/definition-draft.apply.js';
import { isAppOutline } from '../../domain/definition-outline.rules.js';
import { useSessionStore } from '../../stores/session.store.js';
import FieldPanel from './FieldPanel.vue';

const app: App = {
  name: 'crm',
  entities: [
    {
      name: 'deal',
      label: { ru: 'Сделка', en: 'Deal' },
      fields: [
        { name: 'title', label: { ru: 'Название', en: 'Title' }, type: 'text', required: true },
        { name: 'amount', label: { ru: 'Сумма', en: 'Amount' }, type: 'money', currency: 'RUB' },
        { name: 'stage', label: { ru: 'Этап', en: 'Stage' }, type: 'enum', options: [{ value: 'new', label: { ru: 'Новая', en: 'New' }, color: '#1f77b4' }] },
        { name: 'weighted', type: 'formula', expression: 'amount * 2' },
      ],
      display: 'title',
    },
  ],
};

function mountPanel(fieldIndex: number, issues: DefinitionIssue[] = []) {
  // The interface speaks Russian: definition texts and issues follow the session's language.
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().locale = 'ru';
  return mount(FieldPanel, {
    props: { app, entityIndex: 0, fieldIndex, issues },
    global: { plugins: [createAppI18n('ru'), pinia] },
  });
}

function applied(change: DraftChange | undefined): App {
  if (!change) throw new Error('no change was emitted');
  return applyDraftChange(app, change, isAppOutline).document;
}

describe('the field panel', () => {
  it('offers only what the type takes: money has an index and a currency but no uniqueness', () => {
    const money = mountPanel(1);
    expect(money.find('[data-flag="indexed"]').exists()).toBe(true);
    expect(money.find('[data-flag="unique"]').exists()).toBe(false);
    expect(money.find('[data-option="currency"]').exists()).toBe(true);
    const text = mountPanel(0);
    expect(text.find('[data-flag="unique"]').exists()).toBe(true);
    expect(text.find('[data-option="currency"]').exists()).toBe(false);
    expect(text.find('[data-option="maxLength"]').exists()).toBe(true);
  });

  it('changes a type-specific option as a draft change', async () => {
    const panel = mountPanel(1);
    const currency = panel.find('[data-option="currency"]');
    await currency.setValue('usd');
    await currency.trigger('change');
    const next = applied(panel.emitted('change')?.[0]?.[0]);
    expect(next.entities[0]?.fields[1]).toMatchObject({ name: 'amount', currency: 'USD' });
  });

  it('adds an enum option with a colour and shows the formula result on a sample record', async () => {
    const stage = mountPanel(2);
    await stage.find('[data-input="new-option"]').setValue('Переговоры');
    await stage.find('form.enum-options__add').trigger('submit');
    const next = applied(stage.emitted('change')?.[0]?.[0]);
    const field = next.entities[0]?.fields[2];
    expect(field?.type === 'enum' ? field.options?.[1] : null).toEqual({ value: 'peregovory', label: { ru: 'Переговоры', en: 'Переговоры' }, color: '#ff7f0e' });

    const formula = mountPanel(3);
    await formula.find('[data-sample="amount"]').setValue('21');
    expect(formula.find('[data-formula-result]').text()).toContain('42');
    await formula.find('#formula-expression').setValue('amount * nope');
    expect(formula.find('[data-formula-result]').text()).toContain('Ошибка');
  });

  it('shows the issues that point into the field next to it, and only those', () => {
    const issues: DefinitionIssue[] = [
      { code: 'INVALID_CURRENCY', pointer: '/entities/0/fields/1/currency', message: { ru: 'Валюта — три заглавные буквы.', en: 'A currency is three capitals.' } },
      { code: 'OTHER', pointer: '/entities/0/fields/0', message: { ru: 'Чужая проблема.', en: 'Another field.' } },
    ];
    const panel = mountPanel(1, issues);
    expect(panel.find('[data-field-issues]').text()).toBe('Валюта — три заглавные буквы.');
    expect(mountPanel(2, issues).find('[data-field-issues]').exists()).toBe(false);
  });
});
