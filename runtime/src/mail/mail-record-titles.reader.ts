import type { App, MailRecordRef } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import { isAppError } from '../errors/index.js';
import { createRecordService, findEntityModel, type RecordCaller } from '../records/index.js';

/*
 * The titles of the records mail is about (the Mail list names "Поставка 20 ноутбуков", not
 * "Запись: Сделка"), read through the records service as the reader: the read scope, sharing rules
 * and field permissions apply exactly as on the record's page. A record the reader may not read
 * (or that was deleted) gives no title, only `hidden: true`; a readable record whose display field
 * is hidden from them, empty or absent gives `title: null`.
 *
 * One read per distinct record (a page of mail names few records, most of them repeatedly).
 */

export interface TitleReader {
  app: App | null;
  policy: AccessPolicy | null;
  caller: RecordCaller;
}

export const titleKey = (entity: string, id: string): string => `${entity}\u0000${id}`;

function titleText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return null;
}

/** 404 (outside the read scope, or deleted) or 403 (the entity is not readable at all). */
function isUnreadable(error: unknown): boolean {
  return isAppError(error) && (error.status === 404 || error.status === 403);
}

export async function readRecordTitles(db: Knex, reader: TitleReader, refs: ReadonlyArray<{ entity: string; id: string }>): Promise<Map<string, MailRecordRef>> {
  const titles = new Map<string, MailRecordRef>();
  const { app } = reader;
  const records = app ? createRecordService({ db, app, caller: reader.caller, ...(reader.policy ? { policy: reader.policy } : {}) }) : null;
  for (const { entity, id } of refs) {
    const key = titleKey(entity, id);
    if (titles.has(key)) continue;
    const model = app ? findEntityModel(app, entity) : undefined;
    if (!records || !model) {
      // An entity no longer in the definition: nothing can be read of it.
      titles.set(key, { entity, id, title: null, hidden: true });
      continue;
    }
    try {
      const record = await records.get(entity, id);
      titles.set(key, { entity, id, title: model.entity.display ? titleText(record[model.entity.display]) : null, hidden: false });
    } catch (error) {
      if (!isUnreadable(error)) throw error;
      titles.set(key, { entity, id, title: null, hidden: true });
    }
  }
  return titles;
}
