import type { App, CallOnTimeline } from '@crm/schemas';
import type { Knex } from 'knex';
import type { Actor } from '../people/user.types.js';
import { createRecordService } from '../records/index.js';
import type { TelephonyConfig } from './telephony-config.parser.js';

/*
 * The call behind an activity on a record's timeline: its direction, result, talk time and
 * recording, read from the event that wrote the activity. Only for someone who may read the
 * activity itself (the records service's get: object, record and field permissions), and also
 * for an integration deleted since, whose calls stay history.
 */

interface EventRow {
  event: string;
  direction: string | null;
  duration: number | null;
  recording_url: string | null;
  from_number: string | null;
  to_number: string | null;
  config: unknown;
}

export async function callOfActivity(knex: Knex, app: App, actor: Actor, activityId: string): Promise<CallOnTimeline | null> {
  const row = (await knex('telephony_call_events as e')
    .join('telephony_integrations as i', 'i.id', 'e.integration_id')
    .select('e.event', 'e.direction', 'e.duration', 'e.recording_url', 'e.from_number', 'e.to_number', 'i.config')
    .whereRaw("e.outcome->>'activityId' = ?", [activityId])
    .first()) as EventRow | undefined;
  if (!row) return null;
  const config = (typeof row.config === 'string' ? JSON.parse(row.config) : row.config) as TelephonyConfig;
  // Throws 404/403 as the records API would when the person may not see the activity.
  await createRecordService({ db: knex, app, caller: { user: actor } }).get(config.activity.entity, activityId);
  return {
    direction: row.direction === 'out' ? 'out' : 'in',
    result: row.event === 'missed' ? 'missed' : 'answered',
    duration: row.duration ?? 0,
    recordingUrl: row.recording_url,
    from: row.from_number,
    to: row.to_number,
  };
}
