import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { VueDraggable } from 'vue-draggable-plus';
import type { App } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import { applyDraftChange, type DraftChange } from '../../domain/definition-draft.apply.js';
import { isAppOutline } from '../../domain/definition-outline.rules.js';
import type { ItemPlace } from '../../domain/form-draft.apply.js';
import { useSessionStore } from '../../stores/session.store.js';
import FormItemPanel from './FormItemPanel.vue';
import FormSectionEditor from './FormSectionEditor.vue';

const app: App = {
  name: 'crm',
  entities: [
    {
      name: 'deal',
      label: { ru: 'Сделка', en: 'Deal' },
      fields: [
        { name: 'title', label: { ru: 'Название', en: 'Title' }, type: 'text' },
        { name: 'amount', label: { ru: 'Сумма', en: 'Amount' }, type: 'money' },
        { name: 'stage', label: { ru: 'Этап', en: 'Stage' }, type: 'text' },
      ],
    },
  ],
  forms: [
    {
      name: 'deal_form',
      entity: 'deal',
      sections: [
        { label: { ru: 'Основное', en: 'Main' }, columns: 2, fields: [{ field: 'title' }, { field: 'amount' }] },
        { label: { ru: 'Подробности', en: 'Details' }, columns: 1, fields: [{ field: 'stage' }] },
      ],
    },
  ],
};

function plugins() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().locale = 'ru';
  return [createAppI18n('ru'), pinia];
}

const mountSection = (s: number) => mount(FormSectionEditor, { props: { app, formIndex: 0, s, selected: null }, global: { plugins: plugins() } });
const mountPanel = (place: ItemPlace) => mount(FormItemPanel, { props: { app, formIndex: 0, place }, global: { plugins: plugins() } });

function layout(change: DraftChange | undefined): string[][] {
  if (!change) throw new Error('no change was emitted');
  return (applyDraftChange(app, change, isAppOutline).document.forms?.[0]?.sections ?? []).map((s) => s.fields.map((i) => i.field));
}

/** What SortableJS reports for a drop: the lists it left and entered, and the positions. */
function element(node: Node): HTMLElement {
  if (!(node instanceof HTMLElement)) throw new Error('not an element');
  return node;
}

function drop(fromSection: HTMLElement, oldIndex: number, toSection: HTMLElement, newIndex: number, field: string) {
  const item = document.createElement('li');
  item.dataset['field'] = field;
  return { from: fromSection, to: toSection, item, oldIndex, newIndex };
}

describe('the form editor', () => {
  it('a field dropped from another section is moved there as one draft change', () => {
    const first = mountSection(0);
    const second = mountSection(1);
    expect(first.findAll('[data-field]').map((w) => w.attributes('data-field'))).toEqual(['title', 'amount']);
    const target = second.findComponent(VueDraggable);
    target.vm.$emit('add', drop(element(first.find('[data-list="section-0"]').element), 1, element(target.element), 0, 'amount'));
    expect(layout(second.emitted<[DraftChange]>('change')?.[0]?.[0])).toEqual([['title'], ['amount', 'stage']]);
  });

  it('a drop within a section reorders it; a drop from the palette places the field', () => {
    const section = mountSection(0);
    const list = section.findComponent(VueDraggable);
    list.vm.$emit('update', { oldIndex: 0, newIndex: 1 });
    expect(layout(section.emitted<[DraftChange]>('change')?.[0]?.[0])).toEqual([['amount', 'title'], ['stage']]);
    const palette = document.createElement('ul');
    palette.dataset['palette'] = '';
    list.vm.$emit('add', drop(palette, 0, element(list.element), 1, 'owner'));
    expect(layout(section.emitted<[DraftChange]>('change')?.[1]?.[0])).toEqual([['title', 'owner', 'amount'], ['stage']]);
  });

  it('from the keyboard: the chosen field moves down and to another section', async () => {
    const panel = mountPanel({ section: 0, index: 0 });
    await panel.find('[data-action="item-down"]').trigger('click');
    expect(layout(panel.emitted<[DraftChange]>('change')?.[0]?.[0])).toEqual([['amount', 'title'], ['stage']]);
    await panel.find('[data-input="item-section"]').setValue('1');
    expect(layout(panel.emitted<[DraftChange]>('change')?.[1]?.[0])).toEqual([['amount'], ['stage', 'title']]);
  });
});
