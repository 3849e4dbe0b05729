import type { Knex } from 'knex';
import { deleteDraft, readDraft, writeDraft } from './definition.repository.js';

/*
 * An install (template or bundle) saves its app as the draft and publishes it, the publish carrying
 * the install's people, records and text templates in its transaction. The draft is written before
 * that transaction opens, so when the publish rolls back the draft is the one trace left: this puts
 * back the draft that was there before (or none), so a failed install leaves the definitions as
 * they were.
 */
export async function withDraftRestoredOnFailure<T>(knex: Knex, work: () => Promise<T>): Promise<T> {
  const before = await readDraft(knex);
  try {
    return await work();
  } catch (error) {
    if (before && isDocument(before.definition)) await writeDraft(knex, before.definition, before.updatedBy);
    else await deleteDraft(knex);
    throw error;
  }
}

function isDocument(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
