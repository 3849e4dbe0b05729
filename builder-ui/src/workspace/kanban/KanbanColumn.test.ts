import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createRouter, createMemoryHistory } from 'vue-router';
import { createAppI18n } from '../../app/i18n.js';
import { KANBAN_APP } from '../../domain/kanban-board.fixtures.js';
import { boardFromApp } from '../../domain/kanban-board.mapping.js';
import KanbanColumn from './KanbanColumn.vue';

/* A column as the board draws it: totals over every readable record, robots, required fields, cards with "Move to…". */

const board = boardFromApp(KANBAN_APP, 'sales');
const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] });
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

function card(id: string, stage: string, amount: number | null) {
  return { id, version: 1, owner: 'u', created_at: '', created_by: null, updated_at: '', updated_by: null, deleted_at: null, title: `Сделка ${id}`, stage, amount };
}

function mountColumn(stageName: string, problems = {}, processes: Array<{ name: string; label: string }> = []) {
  if (!board) throw new Error('fixture');
  const stage = board.stages.find((s) => s.name === stageName);
  if (!stage) throw new Error('stage');
  return mount(KanbanColumn, {
    props: {
      board,
      stage,
      column: { cards: [card('a', stageName, 150000), card('b', stageName, null)], nextCursor: 'more', loading: false, count: 12, amount: 1250000 },
      problems,
      locale: 'ru',
      revision: 0,
      recordRoute: false,
      processes,
    },
    global: { plugins: [createAppI18n('ru'), router] },
  });
}

describe('KanbanColumn', () => {
  it('heads the column with the count and sum of every readable record, the robots and the fields the stage needs', () => {
    const wrapper = mountColumn('contract');
    expect(wrapper.get('h2').text()).toBe('Договор');
    expect(plain(wrapper.get('[data-column-total]').text())).toBe('12 записей · 1 250 000 ₽');
    expect(wrapper.get('[data-stage-robots]').text()).toContain('Задача по договору');
    expect(wrapper.text()).toContain('Нужно заполнить: Дата закрытия');
    expect(wrapper.findAll('[data-card-id]')).toHaveLength(2);
    expect(plain(wrapper.get('[data-card-id="a"] [data-card-field="amount"]').text())).toContain('150 000 ₽');
  });

  it('offers in "Move to…" only the stages the pipeline allows, and emits the move', async () => {
    const wrapper = mountColumn('lead');
    await wrapper.get('[data-card-id="a"] [data-action="move-menu"]').trigger('click');
    const targets = wrapper.findAll('[data-card-id="a"] [data-move-to]').map((b) => b.attributes('data-move-to'));
    expect(targets).toEqual(['proposal', 'lost']);
    await wrapper.get('[data-card-id="a"] [data-move-to="lost"]').trigger('click');
    expect(wrapper.emitted('move')).toEqual([['a', 'lost']]);
  });

  it('offers on each card the processes the person may start, and emits the one chosen', async () => {
    expect(mountColumn('lead').find('[data-action="card-process-menu"]').exists()).toBe(false);
    const wrapper = mountColumn('lead', {}, [{ name: 'ask_colleague', label: 'Попросить коллегу о помощи' }]);
    await wrapper.get('[data-card-id="b"] [data-action="card-process-menu"]').trigger('click');
    expect(wrapper.get('[data-card-id="b"] [data-card-process]').text()).toBe('Попросить коллегу о помощи');
    await wrapper.get('[data-card-id="b"] [data-card-process="ask_colleague"]').trigger('click');
    expect(wrapper.emitted('start')).toEqual([['b', { name: 'ask_colleague', label: 'Попросить коллегу о помощи' }]]);
    expect(wrapper.find('[data-card-id="b"] [data-card-process]').exists()).toBe(false);
  });

  it('shows why a move was refused on the card', () => {
    const wrapper = mountColumn('lead', { b: { kind: 'transition', from: { en: 'Lead', ru: 'Лид' }, to: { en: 'Won', ru: 'Успешно' } } });
    expect(wrapper.get('[data-card-id="b"] [data-card-problem]').text()).toContain('Из этапа «Лид» нельзя перейти в «Успешно».');
    expect(wrapper.find('[data-card-id="a"] [data-card-problem]').exists()).toBe(false);
  });
});
