import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { App } from '@crm/schemas';
import { createAppI18n } from '../../app/i18n.js';
import { applyDraftChange, type DraftChange } from '../../domain/definition-draft.apply.js';
import { isAppOutline } from '../../domain/definition-outline.rules.js';
import { useSessionStore } from '../../stores/session.store.js';
import FieldAccessGrid from './FieldAccessGrid.vue';
import RoleMatrix from './RoleMatrix.vue';

const app: App = {
  name: 'crm',
  entities: [
    { name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'title', type: 'text' }, { name: 'margin', label: { ru: 'Маржа', en: 'Margin' }, type: 'percent' }] },
    { name: 'company', label: { ru: 'Компания', en: 'Company' }, fields: [{ name: 'name', type: 'text' }] },
  ],
  roles: [{ name: 'rep', label: { ru: 'Менеджер', en: 'Rep' }, entities: { deal: { create: 'own', read: 'own', update: 'own', delete: 'none' } } }],
};

function plugins() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().locale = 'ru';
  return [createAppI18n('ru'), pinia];
}

const mountMatrix = () => mount(RoleMatrix, { props: { app, roleIndex: 0 }, global: { plugins: plugins() } });
const mountGrid = () => mount(FieldAccessGrid, { props: { app, roleIndex: 0 }, global: { plugins: plugins() } });

function applied(change: DraftChange | undefined): App {
  if (!change) throw new Error('no change was emitted');
  return applyDraftChange(app, change, isAppOutline).document;
}

describe('the role matrix', () => {
  it('shows each entity with the role scopes; an unmentioned entity reads as none', () => {
    const matrix = mountMatrix();
    const deal = matrix.find('[data-scope="deal.read"]');
    expect(deal.element instanceof HTMLSelectElement && deal.element.value).toBe('own');
    const company = matrix.find('[data-scope="company.read"]');
    expect(company.element instanceof HTMLSelectElement && company.element.value).toBe('none');
    expect(matrix.find('[data-entity="deal"] th').text()).toBe('Сделка');
  });

  it('changing a scope emits the change that sets exactly that scope', async () => {
    const matrix = mountMatrix();
    await matrix.find('[data-scope="deal.delete"]').setValue('own');
    const change = matrix.emitted<[DraftChange]>('change')?.[0]?.[0];
    expect(change).toMatchObject({ patches: [{ op: 'set', path: ['roles', 0, 'entities', 'deal', 'delete'], value: 'own' }] });
    expect(applied(change).roles?.[0]?.entities?.['deal']).toEqual({ create: 'own', read: 'own', update: 'own', delete: 'own' });
  });

  it('a scope on an entity the role did not mention creates its entry; a row preset fills it', async () => {
    const matrix = mountMatrix();
    await matrix.find('[data-scope="company.read"]').setValue('all');
    expect(applied(matrix.emitted<[DraftChange]>('change')?.[0]?.[0]).roles?.[0]?.entities?.['company']).toEqual({ read: 'all' });
    await matrix.find('[data-row-preset="company"]').setValue('team');
    expect(applied(matrix.emitted<[DraftChange]>('change')?.[1]?.[0]).roles?.[0]?.entities?.['company']).toMatchObject({ read: 'team', update: 'team', changeOwner: true });
    await matrix.find('[data-change-owner="deal"]').setValue(true);
    expect(applied(matrix.emitted<[DraftChange]>('change')?.[2]?.[0]).roles?.[0]?.entities?.['deal']?.changeOwner).toBe(true);
  });
});

describe('the field grid', () => {
  it('hiding a field emits the grant and shows what the role gets', async () => {
    const grid = mountGrid();
    expect(grid.find('[data-field="margin"] [data-effective]').attributes('data-effective')).toBe('write');
    await grid.find('[data-field-access="margin"]').setValue('hidden');
    const next = applied(grid.emitted<[DraftChange]>('change')?.[0]?.[0]);
    expect(next.roles?.[0]?.fields).toEqual({ deal: { margin: 'hidden' } });
    await grid.setProps({ app: next });
    expect(grid.find('[data-field="margin"] [data-effective]').attributes('data-effective')).toBe('hidden');
  });
});
