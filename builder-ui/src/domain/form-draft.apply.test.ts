import { describe, expect, it } from 'vitest';
import { validateApp, type App } from '@crm/schemas';
import { applyDraftChange, type DraftChange } from './definition-draft.apply.js';
import { isAppOutline } from './definition-outline.rules.js';
import {
  addForm,
  addItem,
  addSection,
  moveItem,
  moveSection,
  newForm,
  placeOf,
  removeForm,
  removeItem,
  removeSection,
  setItemReadOnly,
  setItemRule,
  setItemSpan,
  setSection,
  unplacedFields,
} from './form-draft.apply.js';

function issuesOf(app: App): string[] {
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => `${i.pointer} ${i.code}`);
}

function run(app: App, change: DraftChange): App {
  const applied = applyDraftChange(app, change, isAppOutline);
  expect(applyDraftChange(applied.document, applied.inverse, isAppOutline).document).toEqual(app);
  return applied.document;
}

const base: App = {
  name: 'crm',
  entities: [
    {
      name: 'deal',
      label: { ru: 'Сделка', en: 'Deal' },
      display: 'title',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'amount', type: 'money' },
        { name: 'stage', type: 'enum', options: [{ value: 'new' }, { value: 'lost' }] },
        { name: 'lost_reason', type: 'text' },
        { name: 'activities', type: 'relation', target: 'deal', cardinality: 'one-to-many', inverse: 'parent' },
        { name: 'parent', type: 'relation', target: 'deal' },
      ],
    },
  ],
};

function withForm(): App {
  const entity = base.entities[0];
  if (!entity) throw new Error('fixture');
  return run(base, addForm(base, newForm(base, entity, { ru: 'Сделка', en: 'Deal' })));
}

const sectionFields = (app: App): string[][] => (app.forms?.[0]?.sections ?? []).map((s) => s.fields.map((i) => i.field));

describe('form designer edits', () => {
  it('a new form holds every field but related lists, the title across two columns, and is valid', () => {
    const app = withForm();
    expect(app.forms?.[0]?.name).toBe('deal_form');
    expect(sectionFields(app)).toEqual([['title', 'amount', 'stage', 'lost_reason', 'parent']]);
    expect(app.forms?.[0]?.sections[0]?.fields[0]).toEqual({ field: 'title', span: 2 });
    expect(issuesOf(app)).toEqual([]);
  });

  it('a second section takes a field moved out of the first; moves within and across sections', () => {
    let app = withForm();
    app = run(app, addSection(app, 0, { ru: 'Подробности', en: 'Details' }, { section: 0, index: 3 }));
    expect(sectionFields(app)).toEqual([['title', 'amount', 'stage', 'parent'], ['lost_reason']]);
    app = run(app, moveItem(app, 0, { section: 0, index: 0 }, { section: 0, index: 2 }));
    expect(sectionFields(app)[0]).toEqual(['amount', 'stage', 'title', 'parent']);
    app = run(app, moveItem(app, 0, { section: 0, index: 1 }, { section: 1, index: 0 }));
    expect(sectionFields(app)).toEqual([['amount', 'title', 'parent'], ['stage', 'lost_reason']]);
    expect(placeOf(app.forms![0]!, 'lost_reason')).toEqual({ section: 1, index: 1 });
    expect(moveItem(app, 0, { section: 0, index: 1 }, { section: 0, index: 1 }).patches).toEqual([]);
    expect(issuesOf(app)).toEqual([]);
  });

  it('moving the last field out of a section takes the section along; removing a section keeps its fields', () => {
    let app = withForm();
    app = run(app, addSection(app, 0, { ru: 'Б', en: 'B' }, { section: 0, index: 4 }));
    app = run(app, moveItem(app, 0, { section: 1, index: 0 }, { section: 0, index: 0 }));
    expect(sectionFields(app)).toEqual([['parent', 'title', 'amount', 'stage', 'lost_reason']]);
    app = run(app, addSection(app, 0, { ru: 'Б', en: 'B' }, { section: 0, index: 0 }));
    app = run(app, moveSection(app, 0, 1, 0));
    expect(sectionFields(app)).toEqual([['parent'], ['title', 'amount', 'stage', 'lost_reason']]);
    app = run(app, removeSection(app, 0, 0));
    expect(sectionFields(app)).toEqual([['title', 'amount', 'stage', 'lost_reason', 'parent']]);
  });

  it('fields come off and back on; the palette offers what is not placed', () => {
    let app = withForm();
    app = run(app, removeItem(app, 0, { section: 0, index: 1 }));
    expect(unplacedFields(app.forms![0]!, app.entities[0]!)).toEqual(['amount']);
    app = run(app, addItem(app, 0, 'amount', { section: 0, index: 0 }));
    expect(sectionFields(app)[0]?.[0]).toBe('amount');
    expect(unplacedFields(app.forms![0]!, app.entities[0]!)).toEqual([]);
  });

  it('rules: visible and required when, read-only, width, section columns and visibility; undefined removes', () => {
    let app = withForm();
    const lost = { field: 'stage', op: 'eq', value: 'lost' };
    app = run(app, setItemRule(app, 0, { section: 0, index: 3 }, 'visibleWhen', lost));
    app = run(app, setItemRule(app, 0, { section: 0, index: 3 }, 'requiredWhen', lost));
    app = run(app, setItemReadOnly(app, 0, { section: 0, index: 1 }, true));
    app = run(app, setItemSpan(app, 0, { section: 0, index: 0 }, 1));
    app = run(app, setSection(app, 0, 0, { columns: 3 }));
    expect(app.forms?.[0]?.sections[0]?.fields.slice(0, 4)).toEqual([{ field: 'title' }, { field: 'amount', readOnly: true }, { field: 'stage' }, { field: 'lost_reason', visibleWhen: lost, requiredWhen: lost }]);
    expect(app.forms?.[0]?.sections[0]?.columns).toBe(3);
    expect(issuesOf(app)).toEqual([]);
    app = run(app, setItemRule(app, 0, { section: 0, index: 3 }, 'visibleWhen', undefined));
    expect(app.forms?.[0]?.sections[0]?.fields[3]).toEqual({ field: 'lost_reason', requiredWhen: lost });
    app = run(app, removeForm(app, 0));
    expect(app).not.toHaveProperty('forms');
  });
});
