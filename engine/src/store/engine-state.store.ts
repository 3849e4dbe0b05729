import type { Knex } from 'knex';
import { isJsonObject } from '../json.types.js';

/**
 * The next of `candidates` (sorted ids) after the one this key picked last, remembered in
 * engine_state. The row is locked for the rest of the transaction, so two saves running at once
 * pick two different people instead of the same one twice.
 */
export async function nextInRotation(db: Knex, key: string, candidates: readonly string[]): Promise<string | undefined> {
  if (candidates.length === 0) return undefined;
  await db.raw(`INSERT INTO engine_state (key, value) VALUES (?, '{}'::jsonb) ON CONFLICT (key) DO NOTHING`, [key]);
  const row: { value: unknown } | undefined = await db('engine_state').where({ key }).forUpdate().first('value');
  const last = isJsonObject(row?.value) && typeof row.value['last'] === 'string' ? row.value['last'] : null;
  // The first candidate after the last pick in id order, wrapping round; people who joined or left
  // the role since then simply fall into place.
  const picked = (last === null ? undefined : candidates.find((id) => id > last)) ?? candidates[0];
  await db('engine_state').where({ key }).update({ value: JSON.stringify({ last: picked }), updated_at: db.fn.now() });
  return picked;
}
