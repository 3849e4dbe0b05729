import type { App } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { entityOf, fieldOf, removeEntity, removeField, replaceField, salesApp } from './app-definition.fixtures.js';
import type { PlanStep } from './plan-step.types.js';
import { orderRenames } from './rename.planner.js';
import { diffDefinitions, type ArchiveRef } from './schema.differ.js';

function ids(steps: readonly PlanStep[]): string[] {
  return steps.map((s) => s.id);
}

function isKind<K extends PlanStep['kind']>(kind: K) {
  return (step: PlanStep): step is Extract<PlanStep, { kind: K }> => step.kind === kind;
}

function stepOf<K extends PlanStep['kind']>(steps: readonly PlanStep[], id: string, kind: K): Extract<PlanStep, { kind: K }> {
  const step = steps.filter((s) => s.id === id).find(isKind(kind));
  if (!step) throw new Error(`no ${kind} step ${id} in ${ids(steps).join(', ')}`);
  return step;
}

function diff(live: App | null, draft: App, archives: ArchiveRef[] = []) {
  return diffDefinitions(live, draft, archives);
}

describe('schema differ', () => {
  it('creates every table first, then reference columns, then search, on the first publish', () => {
    const { steps, refusals } = diff(null, salesApp());
    expect(refusals).toEqual([]);
    expect(ids(steps)).toEqual([
      'create-entity:company',
      'create-entity:deal',
      'add-field:deal.company',
      'add-search:company',
      'add-search:deal',
    ]);
    const deal = stepOf(steps, 'create-entity:deal', 'create-entity');
    expect(deal.table).toBe('rec_deal');
    expect(deal.columns.map((c) => c.column)).toEqual(['title', 'amount', 'stage', 'region']);
    const company = stepOf(steps, 'add-field:deal.company', 'add-field');
    expect(company.column).toMatchObject({ sqlType: 'uuid', references: 'rec_company' });
    expect(company.indexes).toEqual([{ fieldId: 'fld_deal_company', column: 'company', unique: false }]);
    expect(steps.every((s) => !s.destructive)).toBe(true);
  });

  it('plans nothing when the draft equals the live definition', () => {
    expect(diff(salesApp(), salesApp())).toEqual({ steps: [], refusals: [] });
  });

  it('adds a field as one step with the step id format <kind>:<entity>.<field>', () => {
    const draft = salesApp();
    entityOf(draft, 'deal').fields.push({ id: 'fld_deal_priority', name: 'priority', type: 'integer', indexed: true });
    const { steps } = diff(salesApp(), draft);
    expect(steps).toEqual([
      expect.objectContaining({
        id: 'add-field:deal.priority',
        kind: 'add-field',
        entity: 'deal',
        field: 'priority',
        destructive: false,
        description: { en: expect.stringContaining('priority'), ru: expect.stringContaining('priority') },
        indexes: [{ fieldId: 'fld_deal_priority', column: 'priority', unique: false }],
      }),
    ]);
  });

  it('sees a field with the same id and a new name as a rename, not a drop and an add', () => {
    const draft = salesApp();
    replaceField(draft, 'deal', 'region', { id: 'fld_deal_region', name: 'territory', type: 'text' });
    const { steps } = diff(salesApp(), draft);
    expect(steps).toEqual([
      expect.objectContaining({ id: 'rename-field:deal.territory', kind: 'rename-field', table: 'rec_deal', from: 'region', to: 'territory' }),
    ]);
  });

  it('renames an entity (and its link tables) without touching its fields', () => {
    const live = salesApp();
    entityOf(live, 'deal').fields.push({ id: 'fld_deal_partners', name: 'partners', type: 'relation', target: 'company', cardinality: 'many-to-many' });
    const draft = structuredClone(live);
    entityOf(draft, 'deal').name = 'opportunity';
    const { steps } = diff(live, draft);
    expect(steps).toEqual([
      expect.objectContaining({
        id: 'rename-entity:opportunity',
        from: 'rec_deal',
        to: 'rec_opportunity',
        links: [{ from: 'lnk_deal__partners', to: 'lnk_opportunity__partners' }],
      }),
    ]);
  });

  it('follows a renamed relation target by its stable id', () => {
    const draft = salesApp();
    entityOf(draft, 'company').name = 'account';
    replaceField(draft, 'deal', 'company', { id: 'fld_deal_company', name: 'company', type: 'relation', target: 'account' });
    const { steps, refusals } = diff(salesApp(), draft);
    expect(refusals).toEqual([]);
    expect(ids(steps)).toEqual(['rename-entity:account']);
  });

  it('swaps two field names through a parking name', () => {
    const draft = salesApp();
    const title = fieldOf(draft, 'deal', 'title');
    const region = fieldOf(draft, 'deal', 'region');
    title.name = 'region';
    region.name = 'title';
    entityOf(draft, 'deal').search = ['region'];
    entityOf(draft, 'deal').display = 'region';
    const renames = diff(salesApp(), draft).steps.filter((s) => s.kind === 'rename-field');
    expect(renames.map((s) => (s.kind === 'rename-field' ? [s.from, s.to] : []))).toEqual([
      ['title', '_swap_1'],
      ['region', 'title'],
      ['_swap_1', 'region'],
    ]);
    expect(new Set(ids(renames)).size).toBe(3);
  });

  it('drops a field as a destructive step', () => {
    const draft = salesApp();
    removeField(draft, 'deal', 'region');
    const { steps } = diff(salesApp(), draft);
    expect(steps).toEqual([
      expect.objectContaining({ id: 'drop-field:deal.region', kind: 'drop-field', destructive: true, table: 'rec_deal', column: 'region' }),
    ]);
  });

  it('takes the search column down before dropping a searched field and rebuilds it last', () => {
    const live = salesApp();
    entityOf(live, 'deal').search = ['title', 'region'];
    const draft = salesApp();
    removeField(draft, 'deal', 'region');
    expect(ids(diff(live, draft).steps)).toEqual(['drop-search:deal', 'drop-field:deal.region', 'add-search:deal']);
  });

  it('converts integer to number and rebuilds search when a searched field changes type', () => {
    const live = salesApp();
    entityOf(live, 'deal').search = ['title', 'amount'];
    const draft = structuredClone(live);
    replaceField(draft, 'deal', 'amount', { id: 'fld_deal_amount', name: 'amount', type: 'number' });
    const { steps } = diff(live, draft);
    expect(ids(steps)).toEqual(['drop-search:deal', 'change-type:deal.amount', 'add-search:deal']);
    expect(stepOf(steps, 'change-type:deal.amount', 'change-type')).toMatchObject({ sqlType: 'numeric', conversion: { kind: 'cast' } });
  });

  it('refuses an unsafe type change with a message naming the entity, the field and both types', () => {
    const draft = salesApp();
    replaceField(draft, 'deal', 'region', { id: 'fld_deal_region', name: 'region', type: 'integer' });
    const { refusals } = diff(salesApp(), draft);
    expect(refusals).toEqual([
      expect.objectContaining({ code: 'UNSAFE_TYPE_CHANGE', entity: 'deal', field: 'region', message: expect.objectContaining({ en: expect.stringMatching(/deal\.region.*text.*integer/) }) }),
    ]);
  });

  it('refuses pointing a relation at another entity', () => {
    const draft = salesApp();
    replaceField(draft, 'deal', 'company', { id: 'fld_deal_company', name: 'company', type: 'relation', target: 'deal' });
    expect(diff(salesApp(), draft).refusals).toEqual([expect.objectContaining({ code: 'RELATION_TARGET_CHANGE', field: 'company' })]);
  });

  it('checks existing data before text becomes enum, using the new options', () => {
    const draft = salesApp();
    replaceField(draft, 'deal', 'region', { id: 'fld_deal_region', name: 'region', type: 'enum', options: [{ value: 'north' }, { value: 'south' }] });
    const step = stepOf(diff(salesApp(), draft).steps, 'change-type:deal.region', 'change-type');
    expect(step.conversion).toEqual({ kind: 'options', allowed: ['north', 'south'] });
  });

  it('checks records before enum options are removed, counting pipeline stages as options', () => {
    const live = salesApp();
    live.pipelines = [{ name: 'sales', entity: 'deal', field: 'stage', stages: [{ name: 'new' }, { name: 'qualified' }] }];
    const draft = structuredClone(live);
    replaceField(draft, 'deal', 'stage', { id: 'fld_deal_stage', name: 'stage', type: 'enum', options: [{ value: 'new' }, { value: 'won' }] });
    draft.pipelines = [{ name: 'sales', entity: 'deal', field: 'stage', stages: [{ name: 'new' }] }];
    const step = stepOf(diff(live, draft).steps, 'check-options:deal.stage', 'check-options');
    expect(step.removed).toEqual(['lost', 'qualified']);
    expect(step.multiple).toBe(false);
  });

  it('adds and removes indexes and unique constraints, and checks data for required', () => {
    const live = salesApp();
    replaceField(live, 'deal', 'amount', { id: 'fld_deal_amount', name: 'amount', type: 'integer', indexed: true });
    const draft = salesApp();
    replaceField(draft, 'deal', 'region', { id: 'fld_deal_region', name: 'region', type: 'text', unique: true, required: true });
    expect(ids(diff(live, draft).steps)).toEqual(['drop-index:deal.amount', 'add-unique:deal.region', 'require-field:deal.region']);
    expect(ids(diff(draft, live).steps)).toEqual(['drop-unique:deal.region', 'add-index:deal.amount']);
  });

  it('creates a new entity before it adds a unique index elsewhere (so a failing index undoes a created table)', () => {
    const draft = salesApp();
    replaceField(draft, 'company', 'city', { id: 'fld_company_city', name: 'city', type: 'text', unique: true });
    draft.entities.push({ id: 'ent_note', name: 'note', label: { en: 'Note' }, fields: [{ id: 'fld_note_body', name: 'body', type: 'longtext' }] });
    expect(ids(diff(salesApp(), draft).steps)).toEqual(['create-entity:note', 'add-unique:company.city', 'add-search:note']);
  });

  it('adds a many-to-many link table once both tables exist', () => {
    const draft = salesApp();
    draft.entities.push({
      id: 'ent_tag',
      name: 'tag',
      label: { en: 'Tag' },
      fields: [{ id: 'fld_tag_name', name: 'name', type: 'text' }],
    });
    entityOf(draft, 'deal').fields.push({ id: 'fld_deal_tags', name: 'tags', type: 'relation', target: 'tag', cardinality: 'many-to-many' });
    const { steps } = diff(salesApp(), draft);
    expect(ids(steps)).toEqual(['create-entity:tag', 'add-link:deal.tags', 'add-search:tag']);
    expect(stepOf(steps, 'add-link:deal.tags', 'add-link')).toMatchObject({ table: 'lnk_deal__tags', sourceTable: 'rec_deal', targetTable: 'rec_tag' });
  });

  it('gives one-to-many fields no storage', () => {
    const draft = salesApp();
    entityOf(draft, 'company').fields.push({ id: 'fld_company_deals', name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many', inverse: 'company' });
    expect(diff(salesApp(), draft).steps).toEqual([]);
  });

  it('drops an entity with its link tables as one destructive step, after its incoming references', () => {
    const live = salesApp();
    entityOf(live, 'company').fields.push({ id: 'fld_company_peers', name: 'peers', type: 'relation', target: 'company', cardinality: 'many-to-many' });
    const draft = structuredClone(live);
    removeEntity(draft, 'company');
    removeField(draft, 'deal', 'company');
    const { steps } = diff(live, draft);
    expect(ids(steps)).toEqual(['drop-field:deal.company', 'drop-entity:company']);
    expect(stepOf(steps, 'drop-entity:company', 'drop-entity')).toMatchObject({
      destructive: true,
      links: [{ table: 'lnk_company__peers' }],
    });
  });

  it('restores a re-added field from its archive and then converts it to the new type', () => {
    const live = salesApp();
    removeField(live, 'deal', 'amount');
    const draft = salesApp();
    replaceField(draft, 'deal', 'amount', { id: 'fld_deal_amount', name: 'amount', type: 'money', unique: true });
    const archive: ArchiveRef = {
      id: 7,
      kind: 'field',
      version: 2,
      entity: 'deal',
      tableName: 'arc_v2_deal__amount',
      definition: fieldOf(salesApp(), 'deal', 'amount'),
    };
    const { steps } = diff(live, draft, [archive]);
    expect(ids(steps)).toEqual(['restore-field:deal.amount', 'change-type:deal.amount', 'add-unique:deal.amount']);
    expect(stepOf(steps, 'restore-field:deal.amount', 'restore-field')).toMatchObject({
      archiveId: 7,
      archiveTable: 'arc_v2_deal__amount',
      archiveColumn: 'amount',
      column: { column: 'amount', sqlType: 'bigint' },
    });
  });

  it('restores a re-added entity with the link tables archived with it, then applies its own changes', () => {
    const live = salesApp();
    removeEntity(live, 'company');
    removeField(live, 'deal', 'company');
    const archivedCompany = entityOf(salesApp(), 'company');
    archivedCompany.fields.push({ id: 'fld_company_peers', name: 'peers', type: 'relation', target: 'company', cardinality: 'many-to-many' });
    const draft = salesApp();
    entityOf(draft, 'company').fields.push({ id: 'fld_company_peers', name: 'peers', type: 'relation', target: 'company', cardinality: 'many-to-many' });
    entityOf(draft, 'company').fields.push({ id: 'fld_company_phone', name: 'phone', type: 'phone' });
    const archives: ArchiveRef[] = [
      { id: 1, kind: 'entity', version: 3, entity: 'company', tableName: 'arc_v3_company', definition: archivedCompany },
      { id: 2, kind: 'link', version: 3, entity: 'company', tableName: 'arc_v3_lnk_company__peers', definition: fieldOf(draft, 'company', 'peers') },
      { id: 3, kind: 'field', version: 3, entity: 'deal', tableName: 'arc_v3_deal__company', definition: fieldOf(salesApp(), 'deal', 'company') },
    ];
    const { steps } = diff(live, draft, archives);
    // The restored reference column gets its index back last, like any new reference column.
    expect(ids(steps)).toEqual(['restore-entity:company', 'restore-field:deal.company', 'add-field:company.phone', 'add-index:deal.company']);
    expect(stepOf(steps, 'restore-entity:company', 'restore-entity')).toMatchObject({
      table: 'rec_company',
      archiveTable: 'arc_v3_company',
      links: [{ archiveId: 2, archiveTable: 'arc_v3_lnk_company__peers', table: 'lnk_company__peers' }],
    });
  });

  it('fills a required field added with a default, and knows $today', () => {
    const draft = salesApp();
    entityOf(draft, 'deal').fields.push({ id: 'fld_deal_source', name: 'source', type: 'text', required: true, default: 'web' });
    entityOf(draft, 'deal').fields.push({ id: 'fld_deal_opened', name: 'opened', type: 'date', required: true, default: '$today' });
    const { steps } = diff(salesApp(), draft);
    expect(stepOf(steps, 'add-field:deal.source', 'add-field').fill).toEqual({ kind: 'value', value: 'web' });
    expect(stepOf(steps, 'add-field:deal.opened', 'add-field').fill).toEqual({ kind: 'today' });
  });
});

describe('rename ordering', () => {
  const park = (n: number) => `_swap_${n}`;

  it('moves a name out of the way before another rename takes it', () => {
    const moves = orderRenames(
      [
        { from: 'a', to: 'b', item: 1 },
        { from: 'b', to: 'c', item: 2 },
      ],
      park,
    );
    expect(moves.map((m) => [m.from, m.to])).toEqual([
      ['b', 'c'],
      ['a', 'b'],
    ]);
  });

  it('breaks a three-way cycle with one parking move', () => {
    const moves = orderRenames(
      [
        { from: 'a', to: 'b', item: 1 },
        { from: 'b', to: 'c', item: 2 },
        { from: 'c', to: 'a', item: 3 },
      ],
      park,
    );
    expect(moves.map((m) => [m.from, m.to, m.temporary])).toEqual([
      ['a', '_swap_1', true],
      ['c', 'a', false],
      ['b', 'c', false],
      ['_swap_1', 'b', false],
    ]);
  });
});
