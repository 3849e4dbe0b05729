import crypto from 'node:crypto';
import { validateApp, type App } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { entityOf, salesApp } from './app-definition.fixtures.js';
import { actor, caught, definitionServiceSuite } from './definition-service.test-support.js';
import { readDraft } from './definition.repository.js';
import { withDraftRestoredOnFailure } from './draft-restore.writer.js';

/*
 * A failed install (template or bundle) puts back the draft that was there before it, but only if
 * the draft is still the install's own save: another admin's draft saved in the meantime is kept,
 * and the install's publish never publishes that admin's draft in its name (409 DRAFT_CHANGED).
 */

const otherAdmin = { id: crypto.randomUUID() };

function labelled(label: string): App {
  const app = salesApp();
  entityOf(app, 'deal').label = { ru: label, en: label };
  return app;
}

function dealLabel(definition: unknown): string | null {
  const checked = validateApp(definition);
  return checked.ok ? entityOf(checked.app, 'deal').label.en : null;
}

describe.each(testDatabaseKinds())('the draft after a failed install on %s', (kind) => {
  const suite = definitionServiceSuite(kind);

  async function startingDraft(): Promise<void> {
    await suite.publish(salesApp());
    await suite.service.putDraft(labelled('Earlier draft'), actor);
  }

  it('puts the earlier draft back, as it was, when nobody saved one meanwhile', async () => {
    // ARRANGE
    await startingDraft();
    const before = await readDraft(suite.knex);

    // ACT
    const error = await withDraftRestoredOnFailure(suite.knex, {
      saveDraft: async () => (await suite.service.putDraft(labelled('Installed'), actor)).stamp,
      publish: (draftStamp) =>
        suite.service.publish(
          {
            draftStamp,
            record: async () => {
              throw new Error('the install failed');
            },
          },
          actor,
        ),
    }).catch((e: unknown) => e);

    // ASSERT
    expect(error).toEqual(new Error('the install failed'));
    const after = await readDraft(suite.knex);
    expect(dealLabel(after?.definition)).toBe('Earlier draft');
    expect(after?.stamp).toBe(before?.stamp);
    expect((await suite.service.listVersions()).length).toBe(1);
  });

  it('keeps another admin\'s draft saved after the install\'s save, when the install then fails', async () => {
    // ARRANGE
    await startingDraft();

    // ACT: the other admin saves while the install's publish is failing (before the restore).
    const error = await withDraftRestoredOnFailure(suite.knex, {
      saveDraft: async () => (await suite.service.putDraft(labelled('Installed'), actor)).stamp,
      publish: async (draftStamp) => {
        try {
          return await suite.service.publish({ draftStamp, record: async () => Promise.reject(new Error('the install failed')) }, actor);
        } finally {
          await suite.service.putDraft(labelled('Other admin'), otherAdmin);
        }
      },
    }).catch((e: unknown) => e);

    // ASSERT
    expect(error).toEqual(new Error('the install failed'));
    const after = await readDraft(suite.knex);
    expect(dealLabel(after?.definition)).toBe('Other admin');
    expect(after?.updatedBy).toBe(otherAdmin.id);
  });

  it('does not publish another admin\'s draft saved between the install\'s save and its publish, and keeps it', async () => {
    // ARRANGE
    await startingDraft();

    // ACT
    const error = await caught(
      withDraftRestoredOnFailure(suite.knex, {
        saveDraft: async () => (await suite.service.putDraft(labelled('Installed'), actor)).stamp,
        publish: async (draftStamp) => {
          await suite.service.putDraft(labelled('Other admin'), otherAdmin);
          return suite.service.publish({ draftStamp }, actor);
        },
      }),
    );

    // ASSERT
    expect(error.status).toBe(409);
    expect(error.details).toEqual([expect.objectContaining({ code: 'DRAFT_CHANGED', field: 'draft', message_ru: expect.any(String) })]);
    expect((await suite.service.listVersions()).length).toBe(1);
    expect(dealLabel((await readDraft(suite.knex))?.definition)).toBe('Other admin');
  });

  it('leaves the draft alone when the install could not even save its own', async () => {
    // ARRANGE
    await startingDraft();
    const before = await readDraft(suite.knex);

    // ACT
    const error = await caught(
      withDraftRestoredOnFailure(suite.knex, {
        saveDraft: async () => (await suite.service.putDraft({ name: 'broken' }, actor)).stamp,
        publish: (draftStamp) => suite.service.publish({ draftStamp }, actor),
      }),
    );

    // ASSERT
    expect(error.status).toBe(422);
    expect(await readDraft(suite.knex)).toEqual(before);
  });
});
