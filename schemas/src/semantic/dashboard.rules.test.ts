import { describe, expect, it } from 'vitest';
import type { App, Dashboard, DashboardWidget } from '../../generated/definition.types.js';
import { fullApp } from '../testing/full-app.fixture.js';
import { validateApp } from '../validation/app.validator.js';

/* The dashboard rules as validateApp reports them: code, pointer, and the message naming the widget. */

const SALES: Dashboard = {
  name: 'sales',
  label: { ru: 'Продажи', en: 'Sales' },
  roles: ['manager', 'head'],
  widgets: [
    { name: 'open_amount', label: { en: 'Open' }, kind: 'figure', entity: 'deal', metric: { op: 'sum', field: 'amount' }, filter: { field: 'stage', op: 'in', value: ['new', 'qualified'] } },
    { name: 'won_by_month', label: { en: 'Won' }, kind: 'bar', entity: 'deal', metric: { op: 'sum', field: 'amount' }, groupBy: 'close_date', dateBucket: 'month', period: { field: 'close_date', range: 'last_12_months' } },
    { name: 'by_owner', label: { en: 'By owner' }, kind: 'pie', entity: 'deal', groupBy: 'owner', limit: 8, size: 'third' },
    { name: 'funnel', label: { en: 'Funnel' }, kind: 'funnel', entity: 'deal', pipeline: 'sales', metric: { op: 'sum', field: 'amount' }, period: { field: 'created_at', range: 'this_year' } },
    { name: 'latest', label: { en: 'Latest' }, kind: 'table', entity: 'deal', fields: ['title', 'amount', 'owner'], sort: [{ field: 'created_at', dir: 'desc' }], limit: 5, size: 'full' },
  ],
};

function withDashboard(widgets: DashboardWidget[], extra: Partial<Dashboard> = {}): App {
  const app = fullApp();
  app.dashboards = [{ ...structuredClone(SALES), widgets, ...extra }];
  return app;
}

function issuesOf(app: App): Array<[string, string]> {
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => [i.code, i.pointer]);
}

function widget(change: Partial<DashboardWidget>): DashboardWidget {
  return { name: 'w', label: { en: 'W' }, kind: 'bar', entity: 'deal', groupBy: 'stage', ...change };
}

describe('dashboard rules', () => {
  it('accepts a dashboard of every widget kind the reports API can answer', () => {
    const app = fullApp();
    app.dashboards = [structuredClone(SALES)];
    expect(issuesOf(app)).toEqual([]);
  });

  it('refuses a shape the schema does not allow: an unknown kind, a period range it does not know', () => {
    const app = withDashboard([{ ...widget({}), kind: 'gauge' as DashboardWidget['kind'] }]);
    const result = validateApp(app);
    expect(result.ok).toBe(false);
    const other = withDashboard([widget({ period: { field: 'close_date', range: 'this_decade' as 'this_year' } })]);
    expect(validateApp(other).ok).toBe(false);
  });

  it('names the dashboard and the widget when the entity or a field does not exist, in ru and en', () => {
    const result = validateApp(withDashboard([widget({ entity: 'invoice' }), widget({ name: 'x', groupBy: 'region' })]));
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([
      ['UNKNOWN_ENTITY', '/dashboards/0/widgets/0/entity'],
      ['UNKNOWN_FIELD', '/dashboards/0/widgets/1/groupBy'],
    ]);
    expect(issues[0]?.message.en).toBe('Widget "w" of dashboard "sales" refers to entity "invoice", which does not exist');
    expect(issues[1]?.message.ru).toBe('Виджет «x» панели «sales» ссылается на поле «region», которого нет в сущности «deal»');
  });

  it('refuses a sum, an average, a minimum over a field that is not a number, and a metric field that is missing', () => {
    const result = validateApp(
      withDashboard([
        widget({ name: 'a', metric: { op: 'sum', field: 'title' } }),
        widget({ name: 'b', metric: { op: 'avg', field: 'close_date' } }),
        widget({ name: 'c', metric: { op: 'max' } }),
        widget({ name: 'd', metric: { op: 'count', field: 'amount' } }),
        widget({ name: 'e', metric: { op: 'avg', field: 'weighted_amount' } }),
      ]),
    );
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([
      ['WRONG_FIELD_TYPE', '/dashboards/0/widgets/0/metric/field'],
      ['WRONG_FIELD_TYPE', '/dashboards/0/widgets/1/metric/field'],
      ['MISSING_CONFIG', '/dashboards/0/widgets/2/metric'],
      ['UNUSED_SETTING', '/dashboards/0/widgets/3/metric/field'],
    ]);
    expect(issues[0]?.message.en).toContain('field "title" of entity "deal" is of type text, but it must be a number field');
  });

  it('refuses groupBy on a field reports cannot group by, a chart without groupBy, and a bucket on a non-date group', () => {
    const issues = issuesOf(
      withDashboard([
        widget({ name: 'a', groupBy: 'tags' }),
        widget({ name: 'b', groupBy: 'contacts' }),
        widget({ name: 'c', groupBy: undefined, kind: 'line' }),
        widget({ name: 'd', groupBy: 'stage', dateBucket: 'week' }),
        widget({ name: 'e', groupBy: 'created_at', dateBucket: 'week', kind: 'line' }),
        widget({ name: 'f', kind: 'figure', groupBy: 'stage' }),
      ]),
    );
    expect(issues).toEqual([
      ['NOT_GROUPABLE', '/dashboards/0/widgets/0/groupBy'],
      ['NOT_GROUPABLE', '/dashboards/0/widgets/1/groupBy'],
      ['MISSING_CONFIG', '/dashboards/0/widgets/2'],
      ['UNUSED_SETTING', '/dashboards/0/widgets/3/dateBucket'],
      ['UNUSED_SETTING', '/dashboards/0/widgets/5/groupBy'],
    ]);
  });

  it('refuses a funnel without a pipeline, over a pipeline that does not exist or belongs to another entity, or showing an average', () => {
    const issues = issuesOf(
      withDashboard([
        widget({ name: 'a', kind: 'funnel', groupBy: undefined }),
        widget({ name: 'b', kind: 'funnel', groupBy: undefined, pipeline: 'support' }),
        widget({ name: 'c', kind: 'funnel', groupBy: undefined, pipeline: 'sales', entity: 'company' }),
        widget({ name: 'd', kind: 'funnel', groupBy: undefined, pipeline: 'sales', metric: { op: 'avg', field: 'amount' } }),
        widget({ name: 'e', kind: 'bar', pipeline: 'sales' }),
      ]),
    );
    expect(issues).toEqual([
      ['MISSING_CONFIG', '/dashboards/0/widgets/0'],
      ['UNKNOWN_PIPELINE', '/dashboards/0/widgets/1/pipeline'],
      ['PIPELINE_ENTITY_MISMATCH', '/dashboards/0/widgets/2/pipeline'],
      ['WRONG_METRIC', '/dashboards/0/widgets/3/metric/op'],
      ['UNUSED_SETTING', '/dashboards/0/widgets/4/pipeline'],
    ]);
  });

  it('refuses a table without fields or with unknown ones, and table settings on a chart', () => {
    const issues = issuesOf(
      withDashboard([
        widget({ name: 'a', kind: 'table', groupBy: undefined }),
        widget({ name: 'b', kind: 'table', groupBy: undefined, fields: ['title', 'budget'], sort: [{ field: 'rank' }] }),
        widget({ name: 'c', kind: 'table', groupBy: undefined, fields: ['title'], period: { field: 'close_date', range: 'today' } }),
        widget({ name: 'd', fields: ['title'], limit: 3 }),
        widget({ name: 'e', kind: 'line', limit: 3 }),
      ]),
    );
    expect(issues).toEqual([
      ['MISSING_CONFIG', '/dashboards/0/widgets/0'],
      ['UNKNOWN_FIELD', '/dashboards/0/widgets/1/fields/1'],
      ['UNKNOWN_FIELD', '/dashboards/0/widgets/1/sort/0/field'],
      ['UNUSED_SETTING', '/dashboards/0/widgets/2/period'],
      ['UNUSED_SETTING', '/dashboards/0/widgets/3/fields'],
      ['UNUSED_SETTING', '/dashboards/0/widgets/4/limit'],
    ]);
  });

  it('refuses a period on a field that is not a date, and a filter the condition language refuses, at the operand', () => {
    const issues = issuesOf(
      withDashboard([
        widget({ name: 'a', period: { field: 'amount', range: 'this_month' } }),
        widget({ name: 'b', filter: { field: 'amount', op: 'gt', value: 'lots' } }),
        widget({ name: 'c', filter: { field: 'nope', op: 'eq', value: 1 } }),
      ]),
    );
    expect(issues.map(([, pointer]) => pointer)).toEqual(['/dashboards/0/widgets/0/period/field', '/dashboards/0/widgets/1/filter/value', '/dashboards/0/widgets/2/filter/field']);
    expect(issues[0]?.[0]).toBe('WRONG_FIELD_TYPE');
  });

  it('refuses roles that do not exist, and names twice used', () => {
    const app = withDashboard([widget({}), widget({})], { roles: ['manager', 'ceo'] });
    app.dashboards?.push({ ...SALES });
    expect(issuesOf(app)).toEqual([
      ['UNKNOWN_ROLE', '/dashboards/0/roles/1'],
      ['DUPLICATE_NAME', '/dashboards/0/widgets/1/name'],
      ['DUPLICATE_NAME', '/dashboards/1/name'],
    ]);
  });
});
