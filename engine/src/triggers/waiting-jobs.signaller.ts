import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { isJsonObject } from '../json.types.js';
import { fieldWaitDue } from '../nodes/wait.node.js';
import type { ProcessActor, RecordsPort } from '../ports/engine.ports.js';
import { conditionHolds } from '../values/condition-record.loader.js';
import { appTimeZone } from '../values/iso-duration.js';
import type { EngineUser } from '../ports/engine.ports.js';
import { announceWork, lockRecordWaits, makeJobDue, retimeJob, type LockedWait } from '../store/job-signal.store.js';

/*
 * Waits that depend on a record: "until the record meets a condition" is checked on every save of
 * that record and made due when it holds; "until a date field" moves its due time when the field
 * changes. Jobs a worker holds right now are skipped (SKIP LOCKED): that worker is resuming them
 * anyway, and the save must never wait for a worker.
 */

export async function signalRecordWaits(
  db: Knex,
  app: App,
  entity: string,
  record: Record<string, unknown>,
  user: EngineUser | null,
  records: RecordsPort,
  actor: ProcessActor,
  now: Date,
  locked?: readonly LockedWait[],
): Promise<void> {
  const id = record['id'];
  if (typeof id !== 'string') return;
  const waits = locked ?? (await lockRecordWaits(db, entity, id));
  let signalled = false;
  for (const job of waits) {
    const state = isJsonObject(job.state) ? job.state : {};
    if (state['kind'] === 'condition') {
      const holds = await conditionHolds(records, actor, state['condition'], record, { app, entity, user, now });
      if (!holds) continue;
      await makeJobDue(db, job.id, { type: 'condition' });
      signalled = true;
    } else if (state['kind'] === 'field' && typeof state['field'] === 'string') {
      const offset = typeof state['offset'] === 'string' ? state['offset'] : undefined;
      const due = fieldWaitDue(record[state['field']], offset, appTimeZone(app.settings));
      await retimeJob(db, job.id, due);
      signalled = true;
    }
  }
  if (signalled) await announceWork(db);
}
