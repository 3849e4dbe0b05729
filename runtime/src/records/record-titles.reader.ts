import type { App, MailRecordRef } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import { isAppError } from '../errors/index.js';
import { findEntityModel } from './record-entity.model.js';
import { createRecordService } from './record.service.js';
import type { RecordCaller } from './record.types.js';

/*
 * The titles of records a page names (the Mail list says "Поставка 20 ноутбуков", not "Запись:
 * Сделка"; a run's start-form answer names the contact it picked), read through the records
 * service as the reader: the read scope, sharing rules and field permissions apply exactly as on
 * the record's page. A record the reader may not read
 * (or that was deleted) gives no title, only `hidden: true`; a readable record whose display field
 * is hidden from them, empty or absent gives `title: null`.
 *
 * One list read per entity (ids in chunks of IDS_PER_READ), not one read per record.
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

/** Ids one list read names (a mailbox page names far fewer records). */
const IDS_PER_READ = 200;

export async function readRecordTitles(db: Knex, reader: TitleReader, refs: ReadonlyArray<{ entity: string; id: string }>): Promise<Map<string, MailRecordRef>> {
  const titles = new Map<string, MailRecordRef>();
  const { app } = reader;
  const records = app ? createRecordService({ db, app, caller: reader.caller, ...(reader.policy ? { policy: reader.policy } : {}) }) : null;
  const idsByEntity = new Map<string, Set<string>>();
  for (const { entity, id } of refs) idsByEntity.set(entity, (idsByEntity.get(entity) ?? new Set()).add(id));
  for (const [entity, idSet] of idsByEntity) {
    const model = app ? findEntityModel(app, entity) : undefined;
    const ids = [...idSet];
    for (let start = 0; start < ids.length; start += IDS_PER_READ) {
      const chunk = ids.slice(start, start + IDS_PER_READ);
      // The list read applies the same read scope, sharing rules and field access as a read by id.
      const found = new Map<string, Record<string, unknown>>();
      if (records && model) {
        try {
          const page = await records.list(entity, { filter: { field: 'id', op: 'in', value: chunk }, q: null, sort: [], limit: chunk.length, cursor: null, expand: [], count: false, deleted: 'exclude' });
          for (const record of page.data) found.set(String(record.id), record);
        } catch (error) {
          if (!isUnreadable(error)) throw error;
        }
      }
      for (const id of chunk) {
        const record = found.get(id);
        // Not found: outside the read scope, deleted, or an entity no longer in the definition.
        titles.set(titleKey(entity, id), record && model ? { entity, id, title: model.entity.display ? titleText(record[model.entity.display]) : null, hidden: false } : { entity, id, title: null, hidden: true });
      }
    }
  }
  return titles;
}
