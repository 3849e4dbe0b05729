import { describe, expect, it } from 'vitest';
import { validateApp, type App } from '@crm/schemas';
import { applyDraftChange, type DraftChange } from './definition-draft.apply.js';
import { isAppOutline, emptyApp } from './definition-outline.rules.js';
import {
  addEntity,
  addEnumOption,
  addField,
  changeFieldType,
  deleteEntity,
  deleteField,
  moveEnumOption,
  moveField,
  newEntity,
  newField,
  removeEnumOption,
  renameEntity,
  renameField,
  setDisplayField,
  setEnumOption,
  setFieldProperty,
  setRelation,
  setSearchField,
} from './entity-draft.apply.js';

function run(app: App, change: DraftChange): App {
  const applied = applyDraftChange(app, change, isAppOutline);
  // Every edit undoes exactly.
  expect(applyDraftChange(applied.document, applied.inverse, isAppOutline).document).toEqual(app);
  return applied.document;
}

function dealApp(): App {
  let app = emptyApp();
  app = run(app, addEntity(app, newEntity(app, 'Сделка', 'Deal')));
  app = run(app, addField(app, 0, newField(app, 0, 'money', 'Сумма сделки', 'Amount')));
  app = run(app, addField(app, 0, newField(app, 0, 'enum', 'Этап', 'Stage')));
  return app;
}

describe('entity designer edits', () => {
  it('adds an entity with a title field and valid names from Russian labels', () => {
    const app = dealApp();
    const deal = app.entities[0];
    expect(deal?.name).toBe('deal');
    expect(deal?.label).toEqual({ ru: 'Сделка', en: 'Deal' });
    expect(deal?.fields.map((f) => [f.name, f.type])).toEqual([['title', 'text'], ['summa_sdelki', 'money'], ['etap', 'enum']]);
    expect(deal?.display).toBe('title');
    expect(validateApp(app).ok).toBe(true);
  });

  it('renames a field keeping its id, and follows display, search and pipelines', () => {
    let app = dealApp();
    app = { ...app, entities: app.entities.map((e) => ({ ...e, fields: e.fields.map((f, i) => ({ ...f, id: `fld_${i}` })) })) };
    app = { ...app, pipelines: [{ name: 'sales', entity: 'deal', field: 'title', stages: [{ name: 'new', label: { en: 'New' } }] }] };
    const renamed = run(app, renameField(app, 0, 0, { name: 'name', label: { ru: 'Имя', en: 'Name' } }));
    const field = renamed.entities[0]?.fields[0];
    expect(field).toMatchObject({ id: 'fld_0', name: 'name', label: { ru: 'Имя', en: 'Name' } });
    expect(renamed.entities[0]?.display).toBe('name');
    expect(renamed.entities[0]?.search).toEqual(['name']);
    expect(renamed.pipelines?.[0]?.field).toBe('name');
  });

  it('renames an entity and the relations and pipelines that point at it', () => {
    let app = dealApp();
    app = run(app, addEntity(app, newEntity(app, 'Компания', 'Company')));
    app = run(app, addField(app, 0, newField(app, 0, 'relation', 'Компания')));
    expect(app.entities[0]?.fields[3]).toMatchObject({ type: 'relation', target: 'company', cardinality: 'many-to-one' });
    const renamed = run(app, renameEntity(app, 1, { name: 'client' }));
    expect(renamed.entities[1]?.name).toBe('client');
    expect(renamed.entities[0]?.fields[3]).toMatchObject({ target: 'client' });
    expect(validateApp(renamed).ok).toBe(true);
  });

  it('reorders fields', () => {
    const app = dealApp();
    const moved = run(app, moveField(app, 0, 2, 0));
    expect(moved.entities[0]?.fields.map((f) => f.name)).toEqual(['etap', 'title', 'summa_sdelki']);
    expect(moveField(app, 0, 1, 1).patches).toEqual([]);
  });

  it('deletes a field and what named it in display and search; deletes an entity', () => {
    const app = dealApp();
    const without = run(app, deleteField(app, 0, 0));
    expect(without.entities[0]?.fields.map((f) => f.name)).toEqual(['summa_sdelki', 'etap']);
    expect(without.entities[0]?.display).toBeUndefined();
    expect(without.entities[0]?.search).toBeUndefined();
    expect(run(app, deleteEntity(app, 0)).entities).toEqual([]);
  });

  it('sets and removes field properties', () => {
    const app = dealApp();
    const required = run(app, setFieldProperty(app, 0, 1, 'required', true));
    expect(required.entities[0]?.fields[1]).toMatchObject({ required: true });
    const cleared = run(required, setFieldProperty(required, 0, 1, 'required', undefined));
    expect('required' in (cleared.entities[0]?.fields[1] ?? {})).toBe(false);
  });

  it('changes the type, dropping options the new type does not take and adding the ones it needs', () => {
    let app = dealApp();
    app = run(app, setFieldProperty(app, 0, 0, 'maxLength', 50));
    app = run(app, setFieldProperty(app, 0, 0, 'unique', true));
    const changed = run(app, changeFieldType(app, 0, 0, 'longtext'));
    expect(changed.entities[0]?.fields[0]).toEqual({ name: 'title', label: { ru: 'Название', en: 'Title' }, type: 'longtext', required: true });
    expect(changed.entities[0]?.display).toBeUndefined();
    const formula = run(app, changeFieldType(app, 0, 1, 'formula'));
    expect(formula.entities[0]?.fields[1]).toMatchObject({ type: 'formula', expression: '1' });
    expect(validateApp(formula).ok).toBe(true);
  });

  it('adds, edits, reorders and removes enum options with colours', () => {
    let app = dealApp();
    app = run(app, addEnumOption(app, 0, 2, 'Переговоры'));
    app = run(app, setEnumOption(app, 0, 2, 1, { color: '#000000' }));
    const stage = app.entities[0]?.fields[2];
    expect(stage?.type === 'enum' ? stage.options : []).toEqual([
      { value: 'option_1', label: { ru: 'Вариант 1', en: 'Option 1' }, color: '#1f77b4' },
      { value: 'peregovory', label: { ru: 'Переговоры', en: 'Переговоры' }, color: '#000000' },
    ]);
    const moved = run(app, moveEnumOption(app, 0, 2, 1, 0));
    const options = (f: App) => { const x = f.entities[0]?.fields[2]; return x?.type === 'enum' ? x.options?.map((o) => o.value) : []; };
    expect(options(moved)).toEqual(['peregovory', 'option_1']);
    expect(options(run(app, removeEnumOption(app, 0, 2, 0)))).toEqual(['peregovory']);
  });

  it('sets a relation: an inverse only for one-to-many', () => {
    let app = dealApp();
    app = run(app, addField(app, 0, newField(app, 0, 'relation', 'Родитель')));
    const toMany = run(app, setRelation(app, 0, 3, { cardinality: 'one-to-many', inverse: 'roditel' }));
    expect(toMany.entities[0]?.fields[3]).toMatchObject({ cardinality: 'one-to-many', inverse: 'roditel' });
    const back = run(toMany, setRelation(toMany, 0, 3, { cardinality: 'many-to-many' }));
    expect('inverse' in (back.entities[0]?.fields[3] ?? {})).toBe(false);
  });

  it('sets the display field and the search fields', () => {
    const app = dealApp();
    const display = run(app, setDisplayField(app, 0, 'etap'));
    expect(display.entities[0]?.display).toBe('etap');
    const searched = run(app, setSearchField(app, 0, 'etap', true));
    expect(searched.entities[0]?.search).toEqual(['title', 'etap']);
    const none = run(app, setSearchField(app, 0, 'title', false));
    expect(none.entities[0]?.search).toBeUndefined();
  });
});
