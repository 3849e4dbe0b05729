import type { Knex } from 'knex';
import type { Segment } from '@crm/schemas';
import type { SegmentInput } from './segment-input.parser.js';

/* mailing_segments: one row per segment; the condition is kept as given (checked on save). */

export interface SegmentRow {
  id: string;
  name: string;
  entity: string;
  email_field: string;
  condition: unknown;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

export function toSegment(row: SegmentRow): Segment {
  return { id: row.id, name: row.name, entity: row.entity, emailField: row.email_field, condition: row.condition ?? null, createdAt: iso(row.created_at) ?? '', updatedAt: iso(row.updated_at) ?? '' };
}

function columns(input: SegmentInput): Record<string, unknown> {
  // jsonb: a condition is an object, null is SQL NULL (every record).
  return { name: input.name, entity: input.entity, email_field: input.emailField, condition: input.condition === null ? null : JSON.stringify(input.condition) };
}

export async function listSegments(knex: Knex): Promise<SegmentRow[]> {
  return knex('mailing_segments').orderBy('name').orderBy('id');
}

export async function findSegment(knex: Knex, id: string): Promise<SegmentRow | undefined> {
  return knex('mailing_segments').where({ id }).first();
}

export async function insertSegment(knex: Knex, input: SegmentInput, userId: string): Promise<SegmentRow> {
  const [row] = await knex('mailing_segments').insert({ ...columns(input), created_by: userId }).returning('*');
  if (!row) throw new Error('a segment was not written');
  return row as SegmentRow;
}

export async function updateSegment(knex: Knex, id: string, input: SegmentInput): Promise<SegmentRow | undefined> {
  const [row] = await knex('mailing_segments').where({ id }).update({ ...columns(input), updated_at: knex.fn.now() }).returning('*');
  return row as SegmentRow | undefined;
}

export async function deleteSegment(knex: Knex, id: string): Promise<boolean> {
  return (await knex('mailing_segments').where({ id }).delete()) > 0;
}
