import type { EnginePorts } from '@crm/engine';
import type { Knex } from 'knex';

/*
 * api.lock for before-save scripts (engine/src/nodes/script.node.ts) as PostgreSQL advisory locks
 * held by the save's transaction: pg_advisory_xact_lock, let go by COMMIT or ROLLBACK and never by
 * hand, so a lock cannot outlive its save or leak when a save fails half-way.
 *
 * Key space. The runtime's own advisory locks (publish, audit chain, people hierarchy, the test
 * database images) all use the one-bigint form, pg_advisory_xact_lock(hashtext(name)). Script locks
 * use the two-int4 form, (SCRIPT_LOCK_CLASS, hashtext(key)): PostgreSQL keeps the two forms apart
 * (pg_locks objsubid 1 and 2), so no script key, however it is spelt, can ever take or wait on one
 * of the runtime's locks. Within the class the key is its parts as JSON; a database holds one app, so
 * the app is the namespace, and by convention the first part names the entity ('booking', id). Two
 * keys whose hashes collide only wait on each other needlessly; they never miss a lock.
 *
 * Waiting is bounded by the script's time left (the engine passes it as waitMs). The uncontended
 * case is one statement, pg_try_advisory_xact_lock. When the key is held, the wait is
 * pg_advisory_xact_lock under a lock_timeout set with set_config(..., true) (local to the
 * transaction) inside a savepoint: the lock manager wakes the waiter the moment the holder commits
 * (first come, first served, which polling with try-lock would not give, and with no poll interval
 * added to every contended save), and a timeout (55P03) rolls back only the savepoint, so the save's
 * transaction stays sound for the refusal that follows. On success the previous lock_timeout is put
 * back before the savepoint is released, so the rest of the save waits on row locks as before.
 *
 * PGlite has one connection and one backend: the try-lock is always granted there (an advisory
 * lock is re-entrant for its holder, and no other session exists), so it never waits on itself.
 */

/** The first int4 of every script lock's key: 'SCRL' in ASCII, a class no other lock of ours uses. */
export const SCRIPT_LOCK_CLASS = 0x5343524c;

const LOCK_NOT_AVAILABLE = '55P03';

function firstRow(result: unknown): Record<string, unknown> {
  const rows = typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows) ? result.rows : [];
  const row: unknown = rows[0];
  return typeof row === 'object' && row !== null ? Object.fromEntries(Object.entries(row)) : {};
}

function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === LOCK_NOT_AVAILABLE;
}

/** Thrown inside the savepoint so that knex rolls it back; never leaves this module. */
class LockWaitTimedOut extends Error {}

export const engineLocksPort: EnginePorts['locks'] = {
  async holdUntilCommit(db: Knex, key: string, waitMs: number): Promise<boolean> {
    const tried = firstRow(await db.raw('SELECT pg_try_advisory_xact_lock(?, hashtext(?)) AS got', [SCRIPT_LOCK_CLASS, key]));
    if (tried['got'] === true) return true;
    try {
      await db.transaction(async (savepoint) => {
        const previous = String(firstRow(await savepoint.raw("SELECT current_setting('lock_timeout') AS previous"))['previous'] ?? '0');
        await savepoint.raw("SELECT set_config('lock_timeout', ?, true)", [`${Math.max(1, Math.floor(waitMs))}ms`]);
        try {
          await savepoint.raw('SELECT pg_advisory_xact_lock(?, hashtext(?))', [SCRIPT_LOCK_CLASS, key]);
        } catch (error) {
          throw isLockTimeout(error) ? new LockWaitTimedOut() : error;
        }
        await savepoint.raw("SELECT set_config('lock_timeout', ?, true)", [previous]);
      });
      return true;
    } catch (error) {
      if (error instanceof LockWaitTimedOut) return false;
      throw error;
    }
  },
};
