import type { Knex } from 'knex';

/*
 * document_sequences (migration 0444): the last number given per sequence and period. `take` is
 * one upsert, so the row it creates or bumps stays locked until the caller's transaction ends: a
 * second document of the same sequence waits for the first to commit and then gets the next number,
 * and a document whose transaction rolls back gives its number back (no gaps). Call it inside the
 * transaction that saves the document, as late as possible, since it holds that lock.
 */

export interface SequenceKey {
  name: string;
  /** '' for a counter that never starts again; the year for a yearly one. */
  period: string;
}

/** The next number of the sequence, taken for this transaction. */
export async function takeSequenceNumber(trx: Knex, key: SequenceKey): Promise<number> {
  const result = await trx.raw<{ rows: Array<{ last_value: string | number }> }>(
    `INSERT INTO document_sequences (name, period, last_value) VALUES (?, ?, 1)
     ON CONFLICT (name, period) DO UPDATE SET last_value = document_sequences.last_value + 1, updated_at = now()
     RETURNING last_value`,
    [key.name, key.period],
  );
  const value = Number(result.rows[0]?.last_value);
  if (!Number.isSafeInteger(value)) throw new Error(`document_sequences: no value for ${key.name}/${key.period}`);
  return value;
}

/** The number the next document would get, without taking it (the template preview). */
export async function peekSequenceNumber(knex: Knex, key: SequenceKey): Promise<number> {
  const row = await knex('document_sequences').where(key).first<{ last_value: string | number } | undefined>('last_value');
  return row ? Number(row.last_value) + 1 : 1;
}
