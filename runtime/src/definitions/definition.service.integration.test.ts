import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { entityOf, fieldOf, replaceField, salesApp } from './app-definition.fixtures.js';
import type { DefinitionService } from './definition.service.js';
import { actor, caught, columnTypes, definitionServiceSuite, definitionState, schemaSnapshot, tableNames } from './definition-service.test-support.js';

describe.each(testDatabaseKinds())('publishing definitions on %s', (kind) => {
  const suite = definitionServiceSuite(kind);
  const { publish, editableDraft } = suite;
  let knex: Knex;
  let service: DefinitionService;
  beforeEach(() => {
    knex = suite.knex;
    service = suite.service;
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

});
