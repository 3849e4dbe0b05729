import { describe, expect, it } from 'vitest';
import { validateApp, type App } from '@crm/schemas';
import { applyDraftChange, type DraftChange } from './definition-draft.apply.js';
import { isAppOutline } from './definition-outline.rules.js';
import { addColumn, addSortKey, addView, moveColumn, newView, pipelinesFor, removeColumn, removeSortKey, removeView, setFilter, setKind, setPipeline, setSortKey } from './view-draft.apply.js';

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
      fields: [
        { name: 'title', type: 'text' },
        { name: 'amount', type: 'money' },
        { name: 'stage', type: 'enum', options: [{ value: 'new' }, { value: 'won' }] },
        { name: 'close_date', type: 'date' },
      ],
    },
  ],
  pipelines: [{ name: 'sales', entity: 'deal', field: 'stage', stages: [{ name: 'new', kind: 'open' }, { name: 'won', kind: 'won' }] }],
};

function withView(): App {
  const entity = base.entities[0];
  if (!entity) throw new Error('fixture');
  return run(base, addView(base, newView(base, entity, { ru: 'Все сделки', en: 'All deals' })));
}

describe('view designer edits', () => {
  it('a new list view shows the first fields and is valid', () => {
    const app = withView();
    expect(app.views?.[0]).toEqual({ name: 'deal_list', label: { ru: 'Все сделки', en: 'All deals' }, entity: 'deal', kind: 'list', columns: ['title', 'amount', 'stage', 'close_date'] });
    expect(issuesOf(app)).toEqual([]);
  });

  it('columns are added once, moved and removed', () => {
    let app = withView();
    app = run(app, removeColumn(app, 0, 'amount'));
    app = run(app, addColumn(app, 0, 'amount'));
    expect(addColumn(app, 0, 'amount').patches).toEqual([]);
    app = run(app, moveColumn(app, 0, 3, 0));
    expect(app.views?.[0]?.columns).toEqual(['amount', 'title', 'stage', 'close_date']);
  });

  it('filter and sort; removing the last sort key removes sort', () => {
    let app = withView();
    app = run(app, setFilter(app, 0, { field: 'amount', op: 'gt', value: 1000 }));
    app = run(app, addSortKey(app, 0, app.entities[0]!));
    app = run(app, setSortKey(app, 0, 0, { field: 'amount', dir: 'desc' }));
    expect(app.views?.[0]).toMatchObject({ filter: { field: 'amount', op: 'gt', value: 1000 }, sort: [{ field: 'amount', dir: 'desc' }] });
    expect(issuesOf(app)).toEqual([]);
    app = run(app, removeSortKey(app, 0, 0));
    app = run(app, setFilter(app, 0, undefined));
    expect(app.views?.[0]).not.toHaveProperty('sort');
    expect(app.views?.[0]).not.toHaveProperty('filter');
  });

  it('a kanban takes the entity pipeline, a calendar its date field, and each drops the other kind\'s setting', () => {
    let app = withView();
    expect(pipelinesFor(app, 'deal')).toEqual(['sales']);
    app = run(app, setKind(app, 0, 'kanban'));
    expect(app.views?.[0]).toMatchObject({ kind: 'kanban', pipeline: 'sales' });
    expect(issuesOf(app)).toEqual([]);
    app = run(app, setPipeline(app, 0, undefined));
    app = run(app, setKind(app, 0, 'kanban'));
    expect(app.views?.[0]).toMatchObject({ kind: 'kanban', pipeline: 'sales' });
    app = run(app, setKind(app, 0, 'calendar'));
    expect(app.views?.[0]).toMatchObject({ kind: 'calendar', dateField: 'close_date' });
    expect(app.views?.[0]).not.toHaveProperty('pipeline');
    expect(issuesOf(app)).toEqual([]);
    app = run(app, removeView(app, 0));
    expect(app).not.toHaveProperty('views');
  });

  it('a kanban without a pipeline groups by the first enum field', () => {
    const noPipelines: App = { ...base, pipelines: [] };
    let app = run(noPipelines, addView(noPipelines, newView(noPipelines, base.entities[0]!, { ru: 'Доска', en: 'Board' })));
    app = run(app, setKind(app, 0, 'kanban'));
    expect(app.views?.[0]).toMatchObject({ kind: 'kanban', groupBy: 'stage' });
  });
});
