import type { App } from '@crm/schemas';
import { stringify } from 'csv-stringify/sync';
import type { Knex } from 'knex';
import { loadAccessPolicy } from '../access/index.js';
import type { Actor } from '../people/user.types.js';
import { expandRecords, operationForbidden, requireEntityModel } from '../records/index.js';
import type { RecordValues, StoredRecord } from '../records/index.js';
import { planExport, type ExportPlan } from './export-columns.planner.js';
import { readExportPages } from './export-pages.reader.js';
import type { ExportQuery } from './export-query.parser.js';

/*
 * An export as a stream of text: plan the columns (access checked), read the first page before
 * anything is sent (so a bad filter or sort is still a clean 400), then write page after page into
 * the sink, waiting whenever the client reads slower than the database answers. CSV is written with
 * csv-stringify (RFC 4180 quoting, CRLF line ends), JSON as one array.
 */

export interface ExportSink {
  /** Called once, before the first write. */
  start(meta: { contentType: string; filename: string }): void;
  /** False when the client went away; the export stops. */
  write(text: string): Promise<boolean>;
}

export interface ExportResult {
  rows: number;
  /** False when the client went away before the last page. */
  complete: boolean;
  fields: string[];
}

export interface ExportDeps {
  db: Knex;
  app: App;
  actor: Actor;
  now?: Date;
  pageSize?: number;
}

const BOM = '\uFEFF';

function csvLines(rows: unknown[][], query: ExportQuery): string {
  return stringify(rows, { delimiter: query.delimiter, record_delimiter: 'windows' });
}

function jsonRecord(record: RecordValues, expanded: RecordValues, plan: ExportPlan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of plan.fields) out[name] = record[name] ?? null;
  for (const node of plan.expand) out[node.field] = expanded[node.field] ?? null;
  return out;
}

function dateStamp(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export async function streamExport(deps: ExportDeps, entity: string, query: ExportQuery, sink: ExportSink): Promise<ExportResult> {
  const now = deps.now ?? new Date();
  const model = requireEntityModel(deps.app, entity);
  const policy = await loadAccessPolicy(deps.db, deps.app, { user: deps.actor }, { now });
  if (!policy.entity(model.name).can('read')) throw operationForbidden(model, 'read');
  const plan = planExport(model, policy, query);
  const pages = readExportPages(deps.db, model, policy, query.list, { now, ...(deps.pageSize ? { pageSize: deps.pageSize } : {}) });

  async function render(page: StoredRecord[], index: number): Promise<string> {
    const expanded: RecordValues[] = page.map((record) => ({ ...record }));
    if (plan.expand.length > 0) await expandRecords(deps.db, expanded, plan.expand, policy);
    if (query.format === 'json') {
      return page.map((record, i) => `${index + i === 0 ? '' : ',\n'}${JSON.stringify(jsonRecord(record, expanded[i] ?? {}, plan))}`).join('');
    }
    return csvLines(
      page.map((record, i) => plan.csv.map((column) => column.cell(record, expanded[i] ?? {}))),
      query,
    );
  }

  // The first page before any byte goes out: errors in the query still get a proper status.
  let next = await pages.next();
  const filename = `${model.name}-${dateStamp(now)}.${query.format}`;
  if (query.format === 'json') {
    sink.start({ contentType: 'application/json; charset=utf-8', filename });
    if (!(await sink.write('[\n'))) return { rows: 0, complete: false, fields: plan.fields };
  } else {
    sink.start({ contentType: 'text/csv; charset=utf-8', filename });
    const header = csvLines([plan.csv.map((c) => c.header)], query);
    if (!(await sink.write(query.bom ? BOM + header : header))) return { rows: 0, complete: false, fields: plan.fields };
  }

  let rows = 0;
  while (!next.done) {
    const page = next.value;
    const text = await render(page, rows);
    rows += page.length;
    if (!(await sink.write(text))) {
      await pages.return(undefined);
      return { rows, complete: false, fields: plan.fields };
    }
    next = await pages.next();
  }
  if (query.format === 'json' && !(await sink.write('\n]\n'))) return { rows, complete: false, fields: plan.fields };
  return { rows, complete: true, fields: plan.fields };
}
