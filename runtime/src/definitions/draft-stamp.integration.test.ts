import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { salesApp } from './app-definition.fixtures.js';
import { actor, caught, definitionServiceSuite } from './definition-service.test-support.js';
import { readDraft } from './definition.repository.js';

/*
 * A draft's stamp names one save, and a later save always has a later stamp: a publish or a
 * restore made for one save must never act on another. PGlite's clock reads whole milliseconds,
 * so saves taken from clock_timestamp() alone shared a stamp when two came in one millisecond (a
 * CI run saw an install publish the draft another admin saved in the same millisecond).
 */

describe.each(testDatabaseKinds())('draft stamps on %s', (kind) => {
  const suite = definitionServiceSuite(kind);

  async function isLater(later: string, earlier: string): Promise<boolean> {
    const result: { rows: Array<{ later: boolean }> } = await suite.knex.raw('SELECT ?::timestamptz > ?::timestamptz AS later', [later, earlier]);
    return result.rows[0]?.later === true;
  }

  it('gives each save of a quick run of saves a later stamp than the one before', async () => {
    const stamps: string[] = [];
    for (let i = 0; i < 30; i += 1) stamps.push((await suite.service.putDraft(salesApp(), actor)).stamp);
    for (let i = 1; i < stamps.length; i += 1) expect(await isLater(String(stamps[i]), String(stamps[i - 1])), `${stamps[i]} after ${stamps[i - 1]}`).toBe(true);
  });

  it('stamps a save later than the draft it replaces even when the clock reads earlier', async () => {
    await suite.service.putDraft(salesApp(), actor);
    // The stored save an hour ahead: the next save's clock reads earlier than it, as a clock that
    // stands still within a millisecond reads the same.
    await suite.knex.raw(`UPDATE definition_draft SET updated_at = clock_timestamp() + interval '1 hour'`);
    const ahead = (await readDraft(suite.knex))?.stamp;
    const next = await suite.service.putDraft(salesApp(), actor);
    expect(await isLater(next.stamp, String(ahead))).toBe(true);
  });

  it('refuses a publish for a save another save followed at once', async () => {
    const first = await suite.service.putDraft(salesApp(), actor);
    await suite.service.putDraft(salesApp(), { id: '00000000-0000-4000-8000-0000000000aa' });
    const error = await caught(suite.service.publish({ draftStamp: first.stamp }, actor));
    expect(error.status).toBe(409);
    expect(error.details).toEqual([expect.objectContaining({ code: 'DRAFT_CHANGED', field: 'draft' })]);
    expect(await suite.service.listVersions()).toEqual([]);
  });
});
