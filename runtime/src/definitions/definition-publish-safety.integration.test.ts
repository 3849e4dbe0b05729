import type { Knex } from 'knex';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { entityOf, fieldOf, removeEntity, removeField, replaceField, salesApp } from './app-definition.fixtures.js';
import { createDefinitionService, type DefinitionService } from './definition.service.js';
import { actor, caught, columnTypes, definitionServiceSuite, definitionState, published, schemaSnapshot, tableNames } from './definition-service.test-support.js';

describe.each(testDatabaseKinds())('publishing definitions safely: confirmations, archives, rollback, dry runs on %s', (kind) => {
  const suite = definitionServiceSuite(kind);
  const { publish, editableDraft } = suite;
  let knex: Knex;
  let service: DefinitionService;
  beforeEach(() => {
    knex = suite.knex;
    service = suite.service;
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
