import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createRouter, createMemoryHistory } from 'vue-router';
import type { Field } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import type { RecordData } from '../../api/records.api.js';
import ListBulkBar from './ListBulkBar.vue';
import ListCards from './ListCards.vue';
import ListTable from './ListTable.vue';

/* The list's parts as a sales rep meets them: cards on a phone, the table's headers and cells, bulk answers. */

const fields: Field[] = [
  { name: 'title', type: 'text', label: { ru: 'Название', en: 'Title' } },
  { name: 'amount', type: 'money', label: { ru: 'Сумма', en: 'Amount' } },
];
const rows: RecordData[] = ['a', 'b'].map((id, i) => ({ id, version: 1, owner: null, created_at: '', created_by: null, updated_at: '', updated_by: null, deleted_at: null, title: `Сделка ${id}`, amount: 1000 * (i + 1) }));

function plugins() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/records/:entity/:id', name: 'record-view', component: { template: '<div />' } }] });
  return [createAppI18n('ru'), router];
}

describe('list cards (phone)', () => {
  it('shows each record as a card with its title linking to the record and labelled values', () => {
    const wrapper = mount(ListCards, {
      props: { fields, rows, entity: 'deal', titleField: 'title', selectable: true, selected: ['b'], recordLinks: true, label: 'Сделки' },
      global: { plugins: plugins() },
    });
    const cards = wrapper.findAll('[data-list-card]');
    expect(cards).toHaveLength(2);
    expect(cards[0]?.find('a').attributes('href')).toBe('/records/deal/a');
    expect(cards[0]?.text()).toContain('Сумма');
    expect(cards[1]?.classes()).toContain('is-selected');
    void cards[0]?.find('input[type="checkbox"]').setValue(true);
    expect(wrapper.emitted('select')?.[0]).toEqual([['b', 'a']]);
  });
});

describe('list table (laptop)', () => {
  it('sorts by a clicked header, selects rows and selects every loaded row', async () => {
    const wrapper = mount(ListTable, {
      props: {
        fields,
        rows,
        entity: 'deal',
        titleField: 'title',
        sort: [{ field: 'amount', dir: 'desc' }],
        selectable: true,
        selected: [],
        writable: ['amount'],
        recordLinks: true,
        editing: null,
        loading: false,
        maxHeight: 600,
        label: 'Сделки',
      },
      global: { plugins: plugins() },
      attachTo: document.body,
    });
    await wrapper.find('[data-sort="title"]').trigger('click');
    expect(wrapper.emitted('sort')?.[0]).toEqual(['title']);
    expect(wrapper.find('[data-sort="amount"]').attributes('title')).toContain('по убыванию');
    await wrapper.find('[data-select-all]').setValue(true);
    expect(wrapper.emitted('select')?.[0]).toEqual([['a', 'b']]);
    // The virtual body draws rows only with a real layout: the cells' pencils are checked in the browser test.
    wrapper.unmount();
  });
});

describe('bulk bar', () => {
  it('offers only the allowed actions and lists each refused record with its reason', () => {
    const wrapper = mount(ListBulkBar, {
      props: {
        count: 3,
        stageOptions: [{ label: 'Договор', value: 'contract' }],
        canAssign: false,
        canDelete: false,
        running: false,
        done: 2,
        refused: [{ id: 'x', title: 'Сделка x', reason: 'Запись нельзя перевести из этапа «Лид» в «Договор»' }],
        failure: null,
        canSelectAllMatching: false,
        allMatching: false,
        matchingCount: null,
        maxMatching: 2000,
        truncated: false,
      },
      global: { plugins: plugins() },
    });
    expect(wrapper.find('[data-action="bulk-stage"]').exists()).toBe(true);
    expect(wrapper.find('[data-action="bulk-owner"]').exists()).toBe(false);
    expect(wrapper.find('[data-action="bulk-delete"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Выбраны 3 записи');
    const refused = wrapper.find('[data-bulk-refused]');
    expect(refused.text()).toContain('Сделка x');
    expect(refused.text()).toContain('нельзя перевести');
    expect(wrapper.text()).toContain('Готово: 2');
  });

  it('offers every matching record when the loaded ones are all ticked, then says how many are targeted', async () => {
    const props = { count: 50, stageOptions: null, canAssign: true, canDelete: false, running: false, done: null, refused: [], failure: null, maxMatching: 2000, truncated: false };
    const wrapper = mount(ListBulkBar, { props: { ...props, canSelectAllMatching: true, allMatching: false, matchingCount: null }, global: { plugins: plugins() } });
    await wrapper.find('[data-action="select-all-matching"]').trigger('click');
    expect(wrapper.emitted('selectAllMatching')).toHaveLength(1);
    await wrapper.setProps({ allMatching: true, matchingCount: 1234 });
    expect(wrapper.find('[data-action="select-all-matching"]').exists()).toBe(false);
    expect(wrapper.find('[data-bulk-all-matching]').text()).toBe('Выбраны все подходящие записи: 1234');
    await wrapper.setProps({ allMatching: false, matchingCount: null, done: 1234 });
    expect(wrapper.find('[data-bulk-outcome]').text()).toContain('Все выбранные записи изменены (1234).');
    await wrapper.setProps({ done: 2000, truncated: true });
    expect(wrapper.find('[data-bulk-truncated]').text()).toContain('первые 2000 записей');
    // Going on is offered only when the store knows where the action stopped.
    expect(wrapper.find('[data-action="bulk-continue"]').exists()).toBe(false);
    await wrapper.setProps({ canContinue: true });
    await wrapper.find('[data-action="bulk-continue"]').trigger('click');
    expect(wrapper.find('[data-action="bulk-continue"]').text()).toBe('Продолжить с остальными');
    expect(wrapper.emitted('continue')).toHaveLength(1);
    wrapper.unmount();
  });
});
