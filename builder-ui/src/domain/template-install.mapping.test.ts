import { describe, expect, it } from 'vitest';
import type { App, TemplateInstallPreview } from '@crm/schemas';
import { installParts } from './template-install.mapping.js';

const app: App = {
  name: 'sales',
  entities: [
    { name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'title', type: 'text' }] },
    { name: 'note', label: { en: 'Note' }, fields: [{ name: 'text', type: 'text' }] },
  ],
  roles: [{ name: 'sales_rep', label: { ru: 'Менеджер', en: 'Sales rep' } }, { name: 'auditor' }, { name: 'admin', label: { ru: 'Администратор', en: 'Administrator' } }],
};

const preview: TemplateInstallPreview = {
  dryRun: true,
  template: 'sales',
  mode: 'beside',
  creates: {
    entities: [
      { name: 'deal', fields: ['title'] },
      { name: 'note', fields: ['text'] },
    ],
    pipelines: [],
    roles: ['sales_rep', 'auditor'],
    rolesExtended: ['admin'],
    processes: [],
    views: [],
    forms: [],
    dashboards: [],
    webForms: [],
    textTemplates: [],
    teams: ['north'],
    people: ['anna@example.com'],
  },
  records: { deal: 12 },
  plan: [],
};

describe('installParts', () => {
  it('names each part by its label in the admin language, kinds with nothing left out', () => {
    expect(installParts(preview, app, 'ru')).toEqual([
      { key: 'entities', items: ['Сделка', 'Note'] },
      { key: 'roles', items: ['Менеджер', 'auditor'] },
      { key: 'rolesExtended', items: ['Администратор'] },
      { key: 'teams', items: ['north'] },
      { key: 'people', items: ['anna@example.com'] },
      { key: 'records', items: ['Сделка: 12'] },
    ]);
  });
  it('falls back to the technical name for a part the app does not label', () => {
    const parts = installParts({ ...preview, records: { ghost: 3 } }, app, 'en');
    expect(parts.find((p) => p.key === 'entities')?.items).toEqual(['Deal', 'Note']);
    expect(parts.find((p) => p.key === 'records')?.items).toEqual(['ghost: 3']);
  });
});
