import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import { hideUnreadableReferences, listRecords, visibleRecord } from '../records/index.js';
import type { RecordEntityModel, SortKey, StoredRecord } from '../records/index.js';
import type { ExportQuery } from './export-query.parser.js';

/*
 * The records an export writes, a page at a time, through the same list query as
 * GET /api/records: read scope, filter, `q` and sort inside the SQL, keyset paging over the sort
 * keys and the id, so memory holds one page however many records there are. Without a sort the
 * export goes by id, descending: each page is then a backward range scan of the primary key that
 * starts where the last one stopped ("id < last"). Ascending would not do: the list query's keyset
 * for an ascending key also admits NULLs ("id > last OR id IS NULL"), which PostgreSQL cannot turn
 * into an index range, so every page would rescan the table from its start.
 */

export const EXPORT_PAGE_SIZE = 1000;

const BY_ID: readonly SortKey[] = [{ field: 'id', dir: 'desc' }];

export async function* readExportPages(
  db: Knex,
  model: RecordEntityModel,
  policy: AccessPolicy,
  list: ExportQuery['list'],
  options: { now: Date; pageSize?: number },
): AsyncGenerator<StoredRecord[]> {
  const access = policy.entity(model.name);
  const sort = list.sort.length > 0 ? list.sort : [...BY_ID];
  const ctx = { user: policy.conditionUser(), now: options.now, policy };
  let cursor: string | null = null;
  do {
    const page = await listRecords(
      db,
      model,
      { filter: list.filter, sort, q: list.q, deleted: list.deleted, cursor, limit: options.pageSize ?? EXPORT_PAGE_SIZE, expand: [], count: false },
      ctx,
    );
    if (page.data.length > 0) {
      const records = page.data.map((record) => visibleRecord(access, record));
      // Links to records the caller cannot read are hidden as on GET /api/records (null / left out).
      await hideUnreadableReferences(db, model, policy, records);
      yield records;
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
}
