import type { RecordDocument } from '@crm/schemas';
import type { Knex } from 'knex';

/* record_documents (text-templates.migrations.ts): which generated PDF belongs to which record. */

export interface NewRecordDocument {
  entity: string;
  recordId: string;
  template: string;
  fileName: string;
  fileKey: string;
  createdBy: string | null;
  runId: string | null;
  idempotencyKey: string | null;
  /** The document's sequential number, when its template is numbered. */
  number: string | null;
}

interface DocumentRow {
  template: string;
  file_name: string;
  file_key: string;
  name: string;
  size: string | number;
  mime: string;
  created_at: Date | string;
  created_by: string | null;
  created_by_name: string | null;
  run_id: string | null;
  number: string | null;
}

export async function insertRecordDocument(knex: Knex, doc: NewRecordDocument): Promise<void> {
  await knex('record_documents').insert({
    entity: doc.entity,
    record_id: doc.recordId,
    template: doc.template,
    file_name: doc.fileName,
    file_key: doc.fileKey,
    created_by: doc.createdBy,
    run_id: doc.runId,
    idempotency_key: doc.idempotencyKey,
    number: doc.number,
  });
}

function documentQuery(knex: Knex): Knex.QueryBuilder {
  return knex('record_documents as d')
    .join('files as f', 'f.key', 'd.file_key')
    .leftJoin('users as u', 'u.id', 'd.created_by')
    .select('d.template', 'd.file_name', 'd.file_key', 'f.name', 'f.size', 'f.mime', 'd.created_at', 'd.created_by', 'u.name as created_by_name', 'd.run_id', 'd.number');
}

function toDocument(row: DocumentRow): RecordDocument {
  return {
    file: { name: row.name, size: Number(row.size), mime: row.mime, key: row.file_key },
    template: row.template,
    fileName: row.file_name,
    ...(row.number === null ? {} : { number: row.number }),
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name ?? '' } : null,
    runId: row.run_id,
  };
}

/** The record's documents, newest first. */
export async function listRecordDocuments(knex: Knex, entity: string, recordId: string): Promise<RecordDocument[]> {
  const rows: DocumentRow[] = await documentQuery(knex).where({ 'd.entity': entity, 'd.record_id': recordId }).orderBy([{ column: 'd.created_at', order: 'desc' }, { column: 'd.id', order: 'desc' }]);
  return rows.map(toDocument);
}

/** The document a step already made (a retried document node finds it instead of making another). */
export async function findDocumentByIdempotencyKey(knex: Knex, key: string): Promise<RecordDocument | null> {
  const row: DocumentRow | undefined = await documentQuery(knex).where({ 'd.idempotency_key': key }).first();
  return row ? toDocument(row) : null;
}

/** Whether the file is one of the record's documents. */
export async function isRecordDocument(knex: Knex, entity: string, recordId: string, fileKey: string): Promise<boolean> {
  const row: unknown = await knex('record_documents').where({ entity, record_id: recordId, file_key: fileKey }).first('id');
  return row !== undefined;
}
