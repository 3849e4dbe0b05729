import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createRouter, createMemoryHistory } from 'vue-router';
import { createAppI18n } from '../../app/i18n.js';
import type { HumanTask } from '../../api/tasks.api.js';
import MyWorkTaskItem from './MyWorkTaskItem.vue';

/* An inbox item: approve / reject with a comment in one click, overdue marked, reassign on demand. */

const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] });
const NOW = new Date('2026-12-04T10:00:00Z');

const APPROVAL: HumanTask = {
  id: 't1',
  kind: 'approval',
  title: 'Согласовать скидку 15% по «Поставке серверов»',
  description: 'Клиент просит скидку за объём',
  assignee: 'me',
  status: 'open',
  outcome: null,
  comment: null,
  dueAt: '2026-12-03T15:00:00Z',
  remindAt: null,
  entity: 'deal',
  recordId: 'd1',
  runId: 'r1',
  escalation: null,
  createdAt: '2026-12-01T10:00:00Z',
};

function mountItem(props: Partial<InstanceType<typeof MyWorkTaskItem>['$props']> = {}) {
  return mount(MyWorkTaskItem, {
    props: { task: APPROVAL, locale: 'ru', now: NOW, busy: false, problem: undefined, assignees: undefined, recordRoute: false, ...props },
    global: { plugins: [createAppI18n('ru'), router] },
  });
}

describe('MyWorkTaskItem', () => {
  it('marks an overdue approval and decides it with the comment in one click', async () => {
    const wrapper = mountItem();
    expect(wrapper.get('[data-due]').attributes('data-due')).toBe('overdue');
    expect(wrapper.get('[data-due]').text()).toMatch(/^Просрочено: 03\.12\.2026/);
    await wrapper.get('textarea').setValue('Скидка в пределах нормы');
    await wrapper.get('[data-action="approve"]').trigger('click');
    expect(wrapper.emitted('decide')).toEqual([['approved', 'Скидка в пределах нормы']]);
    await wrapper.get('[data-action="reject"]').trigger('click');
    expect(wrapper.emitted('decide')?.[1]).toEqual(['rejected', 'Скидка в пределах нормы']);
  });

  it('offers "Done" for a plain task and shows a refusal next to the comment', () => {
    const wrapper = mountItem({ task: { ...APPROVAL, kind: 'task', dueAt: null }, problem: 'Эта задача назначена другому сотруднику.' });
    expect(wrapper.find('[data-action="approve"]').exists()).toBe(false);
    expect(wrapper.find('[data-action="done"]').exists()).toBe(true);
    expect(wrapper.text()).toContain('Эта задача назначена другому сотруднику.');
    expect(wrapper.get('[data-due]').text()).toBe('Без срока');
  });

  it('asks for the people the task may go to, and says when there is nobody', async () => {
    const wrapper = mountItem();
    await wrapper.get('[data-action="reassign"]').trigger('click');
    expect(wrapper.emitted('openReassign')).toHaveLength(1);
    await wrapper.setProps({ assignees: [] });
    expect(wrapper.text()).toContain('Передать эту задачу некому.');
  });
});
