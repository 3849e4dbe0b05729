import crypto from 'node:crypto';
import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateSystemTables } from '../db/system.migrations.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../db/test-database.js';
import { isAppError, type AppError } from '../errors/index.js';
import { entityOf, fieldOf, removeEntity, removeField, replaceField, salesApp } from './app-definition.fixtures.js';
import { createDefinitionService, type DefinitionService, type PublishOutcome } from './definition.service.js';

const actor = { id: crypto.randomUUID() };

/** Tables, columns, indexes and constraints of the public schema, to compare before and after. */
async function schemaSnapshot(knex: Knex): Promise<unknown> {
  const columns = await knex('information_schema.columns')
    .where({ table_schema: 'public' })
    .select('table_name', 'column_name', 'data_type', 'is_nullable', 'column_default', 'is_generated')
    .orderBy(['table_name', 'ordinal_position']);
  const indexes = await knex('pg_indexes').where({ schemaname: 'public' }).select('tablename', 'indexname', 'indexdef').orderBy(['tablename', 'indexname']);
  const constraints = await knex('information_schema.table_constraints')
    .where({ table_schema: 'public' })
    .select('table_name', 'constraint_name', 'constraint_type')
    .orderBy(['table_name', 'constraint_name']);
  return { columns, indexes, constraints };
}

async function tableNames(knex: Knex): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await knex('information_schema.tables').where({ table_schema: 'public' }).select('table_name');
  return rows.map((r) => r.table_name).sort();
}

async function columnTypes(knex: Knex, table: string): Promise<Record<string, string>> {
  const rows: Array<{ column_name: string; data_type: string }> = await knex('information_schema.columns')
    .where({ table_schema: 'public', table_name: table })
    .select('column_name', 'data_type');
  return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
}

async function definitionState(knex: Knex): Promise<unknown> {
  return {
    versions: await knex('definition_versions').select('version', 'is_live', 'definition', 'plan').orderBy('version'),
    draft: await knex('definition_draft').select('definition'),
    archives: await knex('definition_archives').select('*').orderBy('id'),
  };
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function published(outcome: PublishOutcome): { version: number; plan: PublishOutcome['plan'] } {
  if (outcome.dryRun) throw new Error('expected a real publish');
  return outcome;
}

describe.each(testDatabaseKinds())('publishing definitions on %s', (kind) => {
  let db: TestDatabase;
  let knex: Knex;
  let service: DefinitionService;

  async function publish(app: App, confirm: string[] = []) {
    await service.putDraft(app, actor);
    return published(await service.publish({ confirm }, actor));
  }

  /** The current draft as the builder gets it: with the stable ids the server assigned. */
  async function editableDraft(): Promise<App> {
    const draft = await service.getDraft();
    if (!draft) throw new Error('no draft');
    return structuredClone(draft.definition);
  }

  beforeEach(async () => {
    db = await createTestDatabase(kind);
    knex = db.knex;
    await migrateSystemTables(knex);
    service = createDefinitionService(knex);
  });
  afterEach(async () => {
    await db?.drop();
  });

  it('creates record tables with system columns, references, indexes and full-text search', async () => {
    const result = await publish(salesApp());
    expect(result.version).toBe(1);
    expect(await tableNames(knex)).toEqual(expect.arrayContaining(['rec_company', 'rec_deal']));
    expect(await columnTypes(knex, 'rec_deal')).toMatchObject({
      id: 'uuid',
      version: 'integer',
      owner: 'uuid',
      created_at: 'timestamp with time zone',
      created_by: 'uuid',
      updated_at: 'timestamp with time zone',
      updated_by: 'uuid',
      deleted_at: 'timestamp with time zone',
      title: 'text',
      amount: 'bigint',
      stage: 'text',
      company: 'uuid',
      region: 'text',
      _search: 'tsvector',
    });
    const indexes: Array<{ indexname: string }> = await knex('pg_indexes').where({ tablename: 'rec_deal' }).select('indexname');
    expect(indexes.map((i) => i.indexname).sort()).toEqual(
      ['gin_ent_deal_search', 'ixf_fld_deal_company', 'ixo_fld_deal_company', 'ixs_ent_deal_created_at', 'ixs_ent_deal_owner', 'pk_ent_deal'].sort(),
    );
    // The owner index leads (owner, created_at): a person's newest-first list; the field's companion leads with the owner too.
    const definitions: Array<{ indexname: string; indexdef: string }> = await knex('pg_indexes').where({ tablename: 'rec_deal' }).select('indexname', 'indexdef');
    const def = (name: string) => definitions.find((d) => d.indexname === name)?.indexdef ?? '';
    expect(def('ixs_ent_deal_owner')).toMatch(/\(owner, created_at\)/);
    expect(def('ixo_fld_deal_company')).toMatch(/\(owner, company\)/);

    const [company] = await knex('rec_company').insert({ name: 'Ромашка' }).returning('id');
    await knex('rec_deal').insert({ title: 'Большие поставки', company: company?.id });
    const found = await knex('rec_deal').whereRaw(`_search @@ plainto_tsquery('russian', ?)`, ['поставка']).select('title');
    expect(found).toEqual([{ title: 'Большие поставки' }]);
    // The reference is a real foreign key, ON DELETE SET NULL.
    await knex('rec_company').delete();
    expect(await knex('rec_deal').select('company')).toEqual([{ company: null }]);
    await expect(knex('rec_deal').insert({ title: 'x', company: crypto.randomUUID() })).rejects.toThrow();
  });

  it('adds a field to a table that has records', async () => {
    await publish(salesApp());
    await knex('rec_deal').insert({ title: 'Existing' });
    const draft = await editableDraft();
    entityOf(draft, 'deal').fields.push({ name: 'priority', type: 'integer', indexed: true });
    const result = await publish(draft);
    expect(result.plan.map((s) => s.id)).toEqual(['add-field:deal.priority']);
    expect(await knex('rec_deal').select('title', 'priority')).toEqual([{ title: 'Existing', priority: null }]);
    const indexesOf = async () =>
      (await knex('pg_indexes').where({ tablename: 'rec_deal' }).select<Array<{ indexdef: string }>>('indexdef')).map((i) => i.indexdef).filter((d) => d.includes('priority'));
    expect(await indexesOf()).toHaveLength(2);
    // Not indexed any more: the field's index and its owner companion both go.
    const unindexed = await editableDraft();
    const priority = fieldOf(unindexed, 'deal', 'priority');
    if (priority.type === 'integer') priority.indexed = false;
    await publish(unindexed);
    expect(await indexesOf()).toEqual([]);
  });

  it('renames a field and keeps its data', async () => {
    await publish(salesApp());
    await knex('rec_deal').insert([
      { title: 'A', region: 'North' },
      { title: 'B', region: 'South' },
    ]);
    const draft = await editableDraft();
    fieldOf(draft, 'deal', 'region').name = 'territory';
    const result = await publish(draft);
    expect(result.plan.map((s) => s.id)).toEqual(['rename-field:deal.territory']);
    expect(await knex('rec_deal').select('title', 'territory').orderBy('title')).toEqual([
      { title: 'A', territory: 'North' },
      { title: 'B', territory: 'South' },
    ]);
    expect(await columnTypes(knex, 'rec_deal')).not.toHaveProperty('region');
  });

  it('renames an entity and keeps its data, references and a later entity of the old name', async () => {
    await publish(salesApp());
    const [company] = await knex('rec_company').insert({ name: 'Acme' }).returning('id');
    await knex('rec_deal').insert({ title: 'Deal 1', company: company?.id });
    const draft = await editableDraft();
    entityOf(draft, 'company').name = 'account';
    replaceField(draft, 'deal', 'company', { id: fieldOf(draft, 'deal', 'company').id, name: 'company', type: 'relation', target: 'account' });
    await publish(draft);
    expect(await tableNames(knex)).not.toContain('rec_company');
    expect(await knex('rec_account').select('name')).toEqual([{ name: 'Acme' }]);
    expect(await knex('rec_deal').select('company')).toEqual([{ company: company?.id }]);

    // Index names follow stable ids, so the freed name can be taken by a new entity.
    const next = await editableDraft();
    next.entities.push({ name: 'company', label: { en: 'Company' }, fields: [{ name: 'name', type: 'text' }] });
    await publish(next);
    expect(await tableNames(knex)).toEqual(expect.arrayContaining(['rec_account', 'rec_company']));
  });

  it('swaps two field names and renames an entity with a link table, keeping all data', async () => {
    const app = salesApp();
    entityOf(app, 'deal').fields.push({ name: 'partners', type: 'relation', target: 'company', cardinality: 'many-to-many' });
    await publish(app);
    const [company] = await knex('rec_company').insert({ name: 'Acme' }).returning('id');
    const [deal] = await knex('rec_deal').insert({ title: 'Deal', region: 'North' }).returning('id');
    await knex('lnk_deal__partners').insert({ source_id: deal?.id, target_id: company?.id });

    const draft = await editableDraft();
    entityOf(draft, 'deal').name = 'opportunity';
    fieldOf(draft, 'opportunity', 'title').name = 'region_swap';
    fieldOf(draft, 'opportunity', 'region').name = 'title';
    fieldOf(draft, 'opportunity', 'region_swap').name = 'region';
    entityOf(draft, 'opportunity').display = 'region';
    entityOf(draft, 'opportunity').search = ['region'];
    await publish(draft);

    expect(await knex('rec_opportunity').select('title', 'region')).toEqual([{ title: 'North', region: 'Deal' }]);
    expect(await knex('lnk_opportunity__partners').select('source_id', 'target_id')).toEqual([{ source_id: deal?.id, target_id: company?.id }]);
    // The search column follows the column it was built on through the renames.
    expect(await knex('rec_opportunity').whereRaw(`_search @@ plainto_tsquery('english', 'deal')`).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('converts date to datetime and checks multienum options still in use', async () => {
    const app = salesApp();
    entityOf(app, 'deal').fields.push({ name: 'closed_on', type: 'date' });
    entityOf(app, 'deal').fields.push({ name: 'tags', type: 'multienum', options: [{ value: 'hot' }, { value: 'cold' }, { value: 'vip' }] });
    await publish(app);
    await knex('rec_deal').insert({ title: 'A', closed_on: '2024-03-01', tags: ['hot', 'vip'] });

    const draft = await editableDraft();
    replaceField(draft, 'deal', 'closed_on', { id: fieldOf(draft, 'deal', 'closed_on').id, name: 'closed_on', type: 'datetime' });
    replaceField(draft, 'deal', 'tags', { id: fieldOf(draft, 'deal', 'tags').id, name: 'tags', type: 'multienum', options: [{ value: 'hot' }, { value: 'cold' }] });
    await service.putDraft(draft, actor);
    const error = await caught(service.publish({}, actor));
    expect(error.details[0]).toMatchObject({ code: 'OPTION_IN_USE', example: 'vip', count: 1, field: 'deal.tags' });

    await knex('rec_deal').update({ tags: ['hot'] });
    await service.publish({}, actor);
    expect((await columnTypes(knex, 'rec_deal'))['closed_on']).toBe('timestamp with time zone');
    expect(await knex('rec_deal').select('closed_on')).toEqual([{ closed_on: '2024-03-01T00:00:00.000Z' }]);
  });

  it('converts integer to number in place', async () => {
    await publish(salesApp());
    await knex('rec_deal').insert({ title: 'A', amount: 1500 });
    const draft = await editableDraft();
    replaceField(draft, 'deal', 'amount', { id: fieldOf(draft, 'deal', 'amount').id, name: 'amount', type: 'number' });
    await publish(draft);
    expect((await columnTypes(knex, 'rec_deal'))['amount']).toBe('numeric');
    await knex('rec_deal').insert({ title: 'B', amount: 10.25 });
    expect(await knex('rec_deal').select('amount').orderBy('title')).toEqual([{ amount: 1500 }, { amount: 10.25 }]);
  });

  it('refuses an unsafe type change with a clear message and changes nothing', async () => {
    await publish(salesApp());
    await knex('rec_deal').insert({ title: 'A', region: 'North' });
    const schemaBefore = await schemaSnapshot(knex);
    const draft = await editableDraft();
    replaceField(draft, 'deal', 'region', { id: fieldOf(draft, 'deal', 'region').id, name: 'region', type: 'integer' });
    await service.putDraft(draft, actor);
    const stateBefore = await definitionState(knex);

    const error = await caught(service.publish({}, actor));
    expect(error).toMatchObject({ code: 'UNSAFE_MIGRATION', status: 409 });
    expect(error.message).toContain('deal.region');
    expect(error.details[0]).toMatchObject({ code: 'UNSAFE_TYPE_CHANGE', field: 'deal.region', message_ru: expect.stringContaining('deal.region') });
    expect(await schemaSnapshot(knex)).toEqual(schemaBefore);
    expect(await definitionState(knex)).toEqual(stateBefore);
    expect(await knex('rec_deal').select('region')).toEqual([{ region: 'North' }]);
    expect((await service.getLive())?.version).toBe(1);
  });

  it('refuses text to email while a value is not an email, naming an example', async () => {
    await publish(salesApp());
    await knex('rec_deal').insert([{ title: 'A', region: 'a@example.com' }, { title: 'B', region: 'bob' }]);
    const draft = await editableDraft();
    replaceField(draft, 'deal', 'region', { id: fieldOf(draft, 'deal', 'region').id, name: 'region', type: 'email' });
    await service.putDraft(draft, actor);
    const error = await caught(service.publish({}, actor));
    expect(error).toMatchObject({ code: 'UNSAFE_MIGRATION' });
    expect(error.message).toContain('"bob"');
    expect(error.details[0]).toMatchObject({ code: 'VALUES_DO_NOT_FIT', example: 'bob', count: 1 });

    await knex('rec_deal').where({ region: 'bob' }).update({ region: 'bob@example.com' });
    await service.publish({}, actor);
    expect((await service.getLive())?.version).toBe(2);
  });

  it('refuses removing an enum option that records use, naming the value and the count', async () => {
    await publish(salesApp());
    await knex('rec_deal').insert([{ title: 'A', stage: 'lost' }, { title: 'B', stage: 'lost' }, { title: 'C', stage: 'new' }]);
    const draft = await editableDraft();
    replaceField(draft, 'deal', 'stage', { id: fieldOf(draft, 'deal', 'stage').id, name: 'stage', type: 'enum', options: [{ value: 'new' }, { value: 'won' }] });
    await service.putDraft(draft, actor);
    const error = await caught(service.publish({}, actor));
    expect(error.message).toContain('"lost" (2 records)');
    expect(error.details[0]).toMatchObject({ code: 'OPTION_IN_USE', example: 'lost', count: 2 });
  });

  it('refuses making a field required while records have no value, naming the count', async () => {
    await publish(salesApp());
    await knex('rec_deal').insert([{ title: 'A' }, { title: 'B' }, { title: 'C', region: 'North' }]);
    const draft = await editableDraft();
    replaceField(draft, 'deal', 'region', { ...fieldOf(draft, 'deal', 'region'), required: true });
    await service.putDraft(draft, actor);
    const error = await caught(service.publish({}, actor));
    expect(error.details[0]).toMatchObject({ code: 'EMPTY_VALUES', count: 2, field: 'deal.region' });
  });

  it('fills a required field added with a default, and refuses one without a default', async () => {
    await publish(salesApp());
    await knex('rec_deal').insert({ title: 'A' });
    const refused = await editableDraft();
    entityOf(refused, 'deal').fields.push({ name: 'source', type: 'text', required: true });
    await service.putDraft(refused, actor);
    expect((await caught(service.publish({}, actor))).details[0]).toMatchObject({ code: 'REQUIRED_WITHOUT_DEFAULT', count: 1 });

    const filled = await editableDraft();
    replaceField(filled, 'deal', 'source', { id: fieldOf(filled, 'deal', 'source').id, name: 'source', type: 'text', required: true, default: 'web' });
    entityOf(filled, 'deal').fields.push({ name: 'labels', type: 'multienum', options: [{ value: 'a' }, { value: 'b' }], required: true, default: ['a', 'b'] });
    entityOf(filled, 'deal').fields.push({ name: 'opened', type: 'date', required: true, default: '$today' });
    await publish(filled);
    const [row] = await knex('rec_deal').select('source', 'labels', 'opened');
    expect(row).toEqual({ source: 'web', labels: ['a', 'b'], opened: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('drops a field only when confirmed, archives its values, and a rollback restores them', async () => {
    await publish(salesApp());
    const [a] = await knex('rec_deal').insert({ title: 'A', region: 'North' }).returning('id');
    await knex('rec_deal').insert({ title: 'B' });
    const draft = await editableDraft();
    removeField(draft, 'deal', 'region');
    await service.putDraft(draft, actor);

    const refused = await caught(service.publish({}, actor));
    expect(refused).toMatchObject({ code: 'CONFIRMATION_REQUIRED', status: 409 });
    expect(refused.details).toEqual([
      expect.objectContaining({ step: 'drop-field:deal.region', message: expect.stringContaining('region'), message_ru: expect.any(String) }),
    ]);
    expect(await columnTypes(knex, 'rec_deal')).toHaveProperty('region');

    const dropped = published(await service.publish({ confirm: ['drop-field:deal.region'] }, actor));
    expect(dropped.version).toBe(2);
    expect(await columnTypes(knex, 'rec_deal')).not.toHaveProperty('region');
    expect(await knex('arc_v2_deal__region').select('id', 'region')).toEqual([{ id: a?.id, region: 'North' }]);
    expect(await service.listArchives()).toEqual([
      expect.objectContaining({ version: 2, kind: 'field', entity: 'deal', field: 'region', tableName: 'arc_v2_deal__region', restoredAt: null }),
    ]);

    await knex('rec_deal').insert({ title: 'C' });
    const rollback = published(await service.rollback(1, actor));
    expect(rollback.version).toBe(3);
    expect(rollback.plan.map((s) => s.id)).toEqual(['restore-field:deal.region']);
    expect(await knex('rec_deal').select('title', 'region').orderBy('title')).toEqual([
      { title: 'A', region: 'North' },
      { title: 'B', region: null },
      { title: 'C', region: null },
    ]);
    expect(await tableNames(knex)).not.toContain('arc_v2_deal__region');
    const [archive] = await service.listArchives();
    expect(archive?.restoredAt).toEqual(expect.any(String));
    expect((await service.getLive())?.version).toBe(3);
  });

  it('archives a dropped entity with its link tables and a rollback brings them back', async () => {
    const app = salesApp();
    entityOf(app, 'deal').fields.push({ name: 'partners', type: 'relation', target: 'company', cardinality: 'many-to-many' });
    await publish(app);
    const [company] = await knex('rec_company').insert({ name: 'Acme' }).returning('id');
    const [deal] = await knex('rec_deal').insert({ title: 'A', company: company?.id }).returning('id');
    await knex('lnk_deal__partners').insert({ source_id: deal?.id, target_id: company?.id });
    await expect(knex('lnk_deal__partners').insert({ source_id: deal?.id, target_id: company?.id })).rejects.toThrow();

    const draft = await editableDraft();
    removeEntity(draft, 'company');
    removeField(draft, 'deal', 'company');
    removeField(draft, 'deal', 'partners');
    await service.putDraft(draft, actor);
    const refused = await caught(service.publish({}, actor));
    expect(refused.details.map((d) => d['step'])).toEqual(['drop-field:deal.company', 'drop-link:deal.partners', 'drop-entity:company']);
    await service.publish({ confirm: ['drop-field:deal.company', 'drop-link:deal.partners', 'drop-entity:company'] }, actor);
    expect(await tableNames(knex)).toEqual(expect.arrayContaining(['arc_v2_company', 'arc_v2_lnk_deal__partners', 'arc_v2_deal__company']));
    expect(await tableNames(knex)).not.toContain('rec_company');

    const rollback = published(await service.rollback(1, actor));
    expect(rollback.plan.map((s) => s.id)).toEqual([
      'restore-entity:company',
      'restore-field:deal.company',
      'restore-link:deal.partners',
      'add-index:deal.company',
    ]);
    expect(await knex('rec_company').select('name')).toEqual([{ name: 'Acme' }]);
    expect(await knex('rec_deal').select('company')).toEqual([{ company: company?.id }]);
    expect(await knex('lnk_deal__partners').select('source_id', 'target_id')).toEqual([{ source_id: deal?.id, target_id: company?.id }]);
    expect(await knex('rec_company').whereRaw(`_search @@ plainto_tsquery('english', 'acme')`).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('rolls everything back when a step fails midway: schema, data, live version and draft', async () => {
    await publish(salesApp());
    await knex('rec_deal').insert([{ title: 'A', region: 'North' }, { title: 'B', region: 'North' }]);
    const draft = await editableDraft();
    draft.entities.push({ name: 'note', label: { en: 'Note' }, fields: [{ name: 'body', type: 'longtext' }] });
    replaceField(draft, 'deal', 'region', { ...fieldOf(draft, 'deal', 'region'), unique: true });
    await service.putDraft(draft, actor);
    const schemaBefore = await schemaSnapshot(knex);
    const stateBefore = await definitionState(knex);
    const dataBefore = await knex('rec_deal').select('*').orderBy('title');

    const dry = await service.publish({ dryRun: true }, actor);
    // The new table is created before the unique index fails, so the failure has something to undo.
    expect(dry.plan.map((s) => s.id)).toEqual(['create-entity:note', 'add-unique:deal.region', 'add-search:note']);

    const error = await caught(service.publish({}, actor));
    expect(error).toMatchObject({ code: 'UNSAFE_MIGRATION', status: 409 });
    expect(error.details[0]).toMatchObject({ code: 'DUPLICATE_VALUES', example: 'North', count: 2, step: 'add-unique:deal.region' });
    expect(await schemaSnapshot(knex)).toEqual(schemaBefore);
    expect(await tableNames(knex)).not.toContain('rec_note');
    expect(await definitionState(knex)).toEqual(stateBefore);
    expect(await knex('rec_deal').select('*').orderBy('title')).toEqual(dataBefore);
    expect((await service.getLive())?.version).toBe(1);
    expect((await service.getDraft())?.source).toBe('draft');
  });

  it('answers a dry run with the plan and changes nothing, not even the draft', async () => {
    await publish(salesApp());
    const draft = await editableDraft();
    removeField(draft, 'deal', 'region');
    entityOf(draft, 'deal').fields.push({ name: 'priority', type: 'integer' });
    await service.putDraft(draft, actor);
    const schemaBefore = await schemaSnapshot(knex);
    const stateBefore = await definitionState(knex);

    const dry = await service.publish({ dryRun: true }, actor);
    expect(dry).toEqual({
      dryRun: true,
      issues: [],
      plan: [
        expect.objectContaining({ id: 'drop-field:deal.region', destructive: true }),
        expect.objectContaining({ id: 'add-field:deal.priority', destructive: false }),
      ],
    });
    expect(await schemaSnapshot(knex)).toEqual(schemaBefore);
    expect(await definitionState(knex)).toEqual(stateBefore);
  });

  it('lists versions and shows each in full; the draft becomes the live definition', async () => {
    await publish(salesApp());
    const draft = await editableDraft();
    entityOf(draft, 'deal').fields.push({ name: 'priority', type: 'integer' });
    await service.putDraft(draft, actor);
    await service.publish({ note: 'priority' }, actor);

    expect(await service.listVersions()).toEqual([
      { version: 1, publishedAt: expect.any(String), publishedBy: actor.id, note: null, isLive: false, steps: 5 },
      { version: 2, publishedAt: expect.any(String), publishedBy: actor.id, note: 'priority', isLive: true, steps: 1 },
    ]);
    const second = await service.getVersion(2);
    expect(second?.plan.map((s) => s.id)).toEqual(['add-field:deal.priority']);
    expect(fieldOf(second?.definition ?? salesApp(), 'deal', 'priority').id).toMatch(/^fld_/);
    expect(await service.getVersion(9)).toBeNull();
    expect(await service.getDraft()).toMatchObject({ source: 'live', liveVersion: 2 });
  });

  it('lets another runtime process see a publish on its next getLive()', async () => {
    const other = createDefinitionService(knex);
    expect(await other.getLive()).toBeNull();
    await publish(salesApp());
    expect((await other.getLive())?.version).toBe(1);
    const draft = await editableDraft();
    entityOf(draft, 'deal').fields.push({ name: 'priority', type: 'integer' });
    await publish(draft);
    const live = await other.getLive();
    expect(live?.version).toBe(2);
    expect(live ? fieldOf(live.app, 'deal', 'priority').type : null).toBe('integer');
  });

  it('refuses an invalid draft with one detail per issue', async () => {
    const error = await caught(service.putDraft({ name: 'Bad Name', entities: [] }, actor));
    expect(error).toMatchObject({ code: 'INVALID_DEFINITION', status: 422 });
    expect(error.details[0]).toEqual(expect.objectContaining({ code: expect.any(String), pointer: expect.any(String), message: expect.any(String), message_ru: expect.any(String) }));
    expect(await service.getDraft()).toBeNull();
  });

  it('refuses a draft whose search includes a date field (it cannot go into the generated search column)', async () => {
    const app = salesApp();
    entityOf(app, 'deal').fields.push({ name: 'closed_on', type: 'date' });
    entityOf(app, 'deal').search = ['title', 'closed_on'];
    const error = await caught(service.putDraft(app, actor));
    expect(error).toMatchObject({ code: 'INVALID_DEFINITION', status: 422 });
    expect(error.details).toEqual([expect.objectContaining({ pointer: '/entities/1/search/1' })]);
  });

  it('refuses an indexed long text field, whose values may not fit a btree index', async () => {
    const app = salesApp();
    entityOf(app, 'deal').fields.push({ name: 'notes', type: 'longtext', indexed: true });
    const error = await caught(service.putDraft(app, actor));
    expect(error.details).toEqual([expect.objectContaining({ code: 'UNINDEXABLE_FIELD', pointer: '/entities/1/fields/5' })]);
  });
});
