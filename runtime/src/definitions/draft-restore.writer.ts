import type { Knex } from 'knex';
import { readDraft, replaceDraftIfStill, type DraftStamp } from './definition.repository.js';

/*
 * An install (template or bundle) saves its app as the draft and publishes it, the publish carrying
 * the install's people, records and text templates in its transaction. The draft is written before
 * that transaction opens, so when the publish rolls back the draft is the one trace left: this puts
 * back the draft that was there before (or none), so a failed install leaves the definitions as
 * they were.
 *
 * Only if the draft is still the install's own save: another admin may have saved the draft
 * (PUT /api/definitions/draft) between the install's save and its failure, and that edit is newer
 * than anything the install knew, so it is left as it is. The publish is given the install's stamp
 * too (PublishOptions.draftStamp), so it never publishes that other admin's draft in the install's
 * name; it refuses with 409 DRAFT_CHANGED instead.
 */

export interface DraftInstall<T> {
  /** Saves the install's app as the draft; answers the stamp of that save. */
  saveDraft(): Promise<DraftStamp>;
  /** Publishes the draft the install saved (pass the stamp on as PublishOptions.draftStamp). */
  publish(stamp: DraftStamp): Promise<T>;
}

export async function withDraftRestoredOnFailure<T>(knex: Knex, install: DraftInstall<T>): Promise<T> {
  const before = await readDraft(knex);
  let saved: DraftStamp | null = null;
  try {
    saved = await install.saveDraft();
    return await install.publish(saved);
  } catch (error) {
    // Nothing was saved (the save itself failed): the draft is as it was.
    if (saved !== null) await replaceDraftIfStill(knex, saved, before);
    throw error;
  }
}
