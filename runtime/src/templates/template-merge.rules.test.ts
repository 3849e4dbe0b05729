import type { App, TemplateBundle } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { appWithTemplate, partsOf, templateClashes } from './template-merge.rules.js';

const live: App = {
  name: 'shop',
  entities: [{ name: 'order', label: { en: 'Order', ru: 'Заказ' }, fields: [{ name: 'title', type: 'text' }] }],
  roles: [
    { name: 'admin', label: { en: 'Director', ru: 'Директор' }, admin: true, builder: true, entities: { order: { read: 'all' } } },
    { name: 'sales_rep', entities: { order: { read: 'own' } } },
  ],
};

function bundleWith(roles: App['roles']): TemplateBundle {
  return { name: 'crm', app: { name: 'crm', entities: [{ name: 'deal', label: { en: 'Deal', ru: 'Сделка' }, fields: [{ name: 'title', type: 'text' }] }], roles } } as TemplateBundle;
}

const none = { teams: [], emails: [] };

describe('roles of the same name when a template goes beside a live app', () => {
  it('merges a role of the same powers: the live label and grants stay, the template grants on its own entities are added', () => {
    const bundle = bundleWith([{ name: 'admin', label: { en: 'Administrator', ru: 'Администратор' }, admin: true, builder: true, entities: { deal: { read: 'all' } }, fields: { deal: { title: 'read' } } }]);
    expect(templateClashes(live, bundle, none)).toEqual([]);
    const merged = appWithTemplate(live, bundle.app);
    expect(merged.roles?.map((r) => r.name)).toEqual(['admin', 'sales_rep']);
    expect(merged.roles?.[0]).toEqual({ ...live.roles?.[0], entities: { order: { read: 'all' }, deal: { read: 'all' } }, fields: { deal: { title: 'read' } } });
    expect(partsOf(bundle, live)).toMatchObject({ roles: [], rolesExtended: ['admin'] });
  });
  it('refuses a role of the same name with other powers, naming it', () => {
    const bundle = bundleWith([{ name: 'sales_rep', builder: true, entities: { deal: { read: 'all' } } }]);
    expect(templateClashes(live, bundle, none).map((c) => c.field)).toEqual(['roles/sales_rep']);
  });
  it('adds roles with new names, and lists every role as created into an empty instance', () => {
    const bundle = bundleWith([{ name: 'auditor', entities: { deal: { read: 'all' } } }, { name: 'admin', admin: true, builder: true }]);
    expect(appWithTemplate(live, bundle.app).roles?.map((r) => r.name)).toEqual(['admin', 'sales_rep', 'auditor']);
    expect(partsOf(bundle, live)).toMatchObject({ roles: ['auditor'], rolesExtended: ['admin'] });
    expect(partsOf(bundle)).toMatchObject({ roles: ['auditor', 'admin'], rolesExtended: [] });
  });
});

describe('web forms and document templates when a template goes beside a live app', () => {
  const form = (name: string, entity: string) => ({ name, label: { en: 'Request', ru: 'Заявка' }, entity, fields: [{ field: 'title' }], thankYou: { en: 'Thanks', ru: 'Спасибо' } });
  const offer = { name: 'deal_offer', kind: 'document' as const, entity: 'deal', label: { ru: 'КП', en: 'Offer' }, body: '<p>{{ record.title }}</p>' };
  const bundle = { ...bundleWith([]), textTemplates: [offer] };
  bundle.app = { ...bundle.app, webForms: [form('site_request', 'deal')] };

  it("carries the template's web forms beside the app's own and lists them with its document templates", () => {
    const withForm = { ...live, webForms: [form('order_request', 'order')] };
    expect(templateClashes(withForm, bundle, none)).toEqual([]);
    expect(appWithTemplate(withForm, bundle.app).webForms?.map((f) => f.name)).toEqual(['order_request', 'site_request']);
    expect(partsOf(bundle, withForm)).toMatchObject({ webForms: ['site_request'], textTemplates: ['deal_offer'] });
  });
  it('names a web form or a document template whose name is taken, in both languages', () => {
    const clashes = templateClashes({ ...live, webForms: [form('site_request', 'order')] }, bundle, { ...none, textTemplates: ['deal_offer'] });
    expect(clashes.map((c) => [c.field, c.message, c.message_ru])).toEqual([
      ['webForms/site_request', 'The app already has a web form named "site_request".', 'В приложении уже есть веб-форма «site_request».'],
      ['textTemplates/deal_offer', 'The app already has a document or e-mail template named "deal_offer".', 'В приложении уже есть шаблон документа или письма «deal_offer».'],
    ]);
  });
});
