import type { App } from '@crm/schemas';

/*
 * An app for the files tests: deals with a single contract (PDF or image, at most 0.01 MB), a list
 * of photos (images) and a board memo hidden from reps; roles that may write (rep: own deals),
 * only read (viewer: every deal) or do nothing with deals (outsider).
 */
export function filesTestApp(): App {
  return {
    name: 'files_test',
    entities: [
      {
        name: 'deal',
        label: { en: 'Deal', ru: 'Сделка' },
        display: 'title',
        fields: [
          { name: 'title', type: 'text', required: true },
          { name: 'contract', type: 'file', label: { en: 'Contract', ru: 'Договор' }, accept: ['.pdf', 'image/*'], maxSizeMb: 0.01 },
          { name: 'photos', type: 'file', label: { en: 'Photos', ru: 'Фото' }, multiple: true, accept: ['image/*'] },
          { name: 'memo', type: 'file', label: { en: 'Board memo', ru: 'Записка совету' } },
        ],
      },
    ],
    roles: [
      {
        name: 'rep',
        entities: { deal: { create: 'all', read: 'own', update: 'own', delete: 'none' } },
        fields: { deal: { memo: 'hidden' } },
      },
      { name: 'viewer', entities: { deal: { create: 'none', read: 'all', update: 'none', delete: 'none' } } },
      { name: 'outsider', entities: { deal: { create: 'none', read: 'none', update: 'none', delete: 'none' } } },
    ],
  };
}
