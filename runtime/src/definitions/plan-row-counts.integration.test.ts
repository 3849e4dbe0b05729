import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { removeEntity, removeField, salesApp } from './app-definition.fixtures.js';
import { actor, definitionServiceSuite } from './definition-service.test-support.js';

describe.each(testDatabaseKinds())('a dry run counts the data each destructive step archives on %s', (kind) => {
  const suite = definitionServiceSuite(kind);

  it('counts the records holding a value of a dropped field and the rows of a dropped entity', async () => {
    // ARRANGE
    await suite.publish(salesApp());
    await suite.knex('rec_deal').insert([{ title: 'A', region: 'North' }, { title: 'B', region: 'South' }, { title: 'C' }]);
    const draft = await suite.editableDraft();
    removeField(draft, 'deal', 'region');
    await suite.service.putDraft(draft, actor);

    // ACT
    const dry = await suite.service.publish({ dryRun: true }, actor);

    // ASSERT
    expect(dry.plan.find((s) => s.id === 'drop-field:deal.region')).toMatchObject({ destructive: true, rows: 2 });
    expect(dry.plan.filter((s) => !s.destructive).every((s) => s.rows === undefined)).toBe(true);
  });

  it('counts every row of a dropped entity, and a real publish stores no counts', async () => {
    // ARRANGE
    await suite.publish(salesApp());
    const draft = await suite.editableDraft();
    await suite.knex('rec_deal').insert([{ title: 'A' }, { title: 'B' }]);
    removeEntity(draft, 'deal');
    await suite.service.putDraft(draft, actor);

    // ACT
    const dry = await suite.service.publish({ dryRun: true }, actor);
    const confirm = dry.plan.filter((s) => s.destructive).map((s) => s.id);
    const real = await suite.service.publish({ confirm }, actor);

    // ASSERT
    expect(dry.plan.find((s) => s.id === 'drop-entity:deal')).toMatchObject({ rows: 2 });
    expect(real.plan.some((s) => s.rows !== undefined)).toBe(false);
  });
});
