import { describe, expect, it } from 'vitest';
import { validateApp, type App, type DashboardWidgetKind, type Entity } from '@crm/schemas';
import { applyDraftChange, type DraftChange } from './definition-draft.apply.js';
import { isAppOutline } from './definition-outline.rules.js';
import {
  addDashboard,
  addWidget,
  kindsFor,
  metricOpsFor,
  moveWidget,
  newDashboard,
  newDashboardLabel,
  removeDashboard,
  removeWidget,
  setDashboardRoles,
  setWidgetEntity,
  setWidgetGroupBy,
  setWidgetKind,
  setWidgetMetric,
  setWidgetSetting,
} from './dashboard-draft.apply.js';

/* Every edit the dashboard designer makes leaves a valid definition, and undoes exactly. */

function issuesOf(app: App): string[] {
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => `${i.pointer} ${i.code}`);
}

function run(app: App, change: DraftChange): App {
  const applied = applyDraftChange(app, change, isAppOutline);
  expect(applyDraftChange(applied.document, applied.inverse, isAppOutline).document).toEqual(app);
  return applied.document;
}

const DEAL: Entity = {
  name: 'deal',
  label: { ru: 'Сделка', en: 'Deal' },
  fields: [
    { name: 'title', type: 'text' },
    { name: 'amount', type: 'money' },
    { name: 'stage', type: 'enum', options: [{ value: 'new' }, { value: 'won' }] },
    { name: 'close_date', type: 'date' },
    { name: 'notes', type: 'longtext' },
  ],
};
const NOTE: Entity = { name: 'note', label: { en: 'Note' }, fields: [{ name: 'body', type: 'longtext' }] };

const base: App = {
  name: 'crm',
  entities: [DEAL, NOTE],
  pipelines: [{ name: 'sales', entity: 'deal', field: 'stage', stages: [{ name: 'new', kind: 'open' }, { name: 'won', kind: 'won' }] }],
  roles: [{ name: 'rep', entities: {} }],
};

function withWidget(): App {
  let app = run(base, addDashboard(base, newDashboard(base, { ru: 'Продажи', en: 'Sales' })));
  app = run(app, addWidget(app, 0, DEAL, { ru: 'Сделки', en: 'Deals' }));
  return app;
}

describe('dashboard designer edits', () => {
  it('a new dashboard with a widget counts the records of its entity and is valid', () => {
    const app = withWidget();
    expect(app.dashboards).toEqual([{ name: 'sales', label: { ru: 'Продажи', en: 'Sales' }, widgets: [{ name: 'deals', label: { ru: 'Сделки', en: 'Deals' }, kind: 'figure', entity: 'deal', metric: { op: 'count' } }] }]);
    expect(issuesOf(app)).toEqual([]);
  });

  it('a new dashboard keeps the English name typed for it, and an empty box takes the other language', () => {
    expect(newDashboardLabel(' Источники ', 'Sources')).toEqual({ ru: 'Источники', en: 'Sources' });
    expect(newDashboardLabel('Источники', '  ')).toEqual({ ru: 'Источники', en: 'Источники' });
    expect(newDashboardLabel('', 'Sources')).toEqual({ ru: 'Sources', en: 'Sources' });
    expect(newDashboardLabel(' ', '')).toBeNull();
    const label = newDashboardLabel('Источники', 'Sources') ?? { ru: '', en: '' };
    expect(newDashboard(base, label)).toEqual({ name: 'sources', label: { ru: 'Источники', en: 'Sources' }, widgets: [] });
  });

  it('every kind offered is valid after one click, and back again', () => {
    let app = withWidget();
    for (const kind of ['bar', 'line', 'pie', 'funnel', 'table', 'figure'] satisfies DashboardWidgetKind[]) {
      app = run(app, setWidgetKind(app, 0, 0, DEAL, kind));
      expect(app.dashboards?.[0]?.widgets[0]?.kind).toBe(kind);
      expect(issuesOf(app), kind).toEqual([]);
    }
    expect(app.dashboards?.[0]?.widgets[0]).toEqual({ name: 'deals', label: { ru: 'Сделки', en: 'Deals' }, kind: 'figure', entity: 'deal', metric: { op: 'count' } });
  });

  it('offers a funnel only over an entity with a pipeline, and sums only where there is a number', () => {
    expect(kindsFor(base, 'deal')).toContain('funnel');
    expect(kindsFor(base, 'note')).not.toContain('funnel');
    expect(metricOpsFor(DEAL, 'funnel')).toEqual(['count', 'sum']);
    expect(metricOpsFor(NOTE, 'bar')).toEqual(['count']);
    expect(metricOpsFor(DEAL, 'table')).toEqual([]);
  });

  it('a metric, a date group with its bucket, a period and a filter stay valid; a new entity drops what named the old one', () => {
    let app = withWidget();
    app = run(app, setWidgetKind(app, 0, 0, DEAL, 'bar'));
    app = run(app, setWidgetMetric(app, 0, 0, DEAL, 'sum', 'amount'));
    app = run(app, setWidgetGroupBy(app, 0, 0, DEAL, 'close_date'));
    app = run(app, setWidgetSetting(app, 0, 0, 'period', { field: 'close_date', range: 'last_12_months' }));
    app = run(app, setWidgetSetting(app, 0, 0, 'filter', { field: 'stage', op: 'eq', value: 'won' }));
    expect(app.dashboards?.[0]?.widgets[0]).toMatchObject({ metric: { op: 'sum', field: 'amount' }, groupBy: 'close_date', dateBucket: 'month' });
    expect(issuesOf(app)).toEqual([]);
    app = run(app, setWidgetGroupBy(app, 0, 0, DEAL, 'stage'));
    expect(app.dashboards?.[0]?.widgets[0]?.dateBucket).toBeUndefined();
    app = run(app, setWidgetEntity(app, 0, 0, NOTE));
    expect(app.dashboards?.[0]?.widgets[0]).toEqual({ name: 'deals', label: { ru: 'Сделки', en: 'Deals' }, kind: 'bar', entity: 'note', metric: { op: 'count' }, groupBy: 'owner' });
    expect(issuesOf(app)).toEqual([]);
  });

  it('reorders and removes widgets, limits who sees the dashboard, and removes it', () => {
    let app = withWidget();
    app = run(app, addWidget(app, 0, NOTE, { en: 'Notes' }));
    app = run(app, moveWidget(app, 0, 1, 0));
    expect(app.dashboards?.[0]?.widgets.map((w) => w.name)).toEqual(['notes', 'deals']);
    app = run(app, removeWidget(app, 0, 0));
    expect(app.dashboards?.[0]?.widgets.map((w) => w.name)).toEqual(['deals']);
    app = run(app, setDashboardRoles(app, 0, ['rep']));
    expect(app.dashboards?.[0]?.roles).toEqual(['rep']);
    app = run(app, setDashboardRoles(app, 0, []));
    expect(app.dashboards?.[0]?.roles).toBeUndefined();
    expect(issuesOf(app)).toEqual([]);
    app = run(app, removeDashboard(app, 0));
    expect(app.dashboards).toBeUndefined();
  });
});
