import { normalisePhone, type App } from '@crm/schemas';
import type { Knex } from 'knex';
import { findUserById, toActor } from '../people/users.repository.js';
import { createRecordService, requireEntityModel, type BeforeSaveHook, type RecordEventSink, type RecordValues } from '../records/index.js';
import type { CallEvent } from './call-event.parser.js';
import { fillTemplate, type MatchRule, type TelephonyConfig } from './telephony-config.parser.js';
import type { IntegrationRow } from './telephony-integration.store.js';
import { userOfExtension } from './telephony-integration.store.js';

/*
 * One PBX event, in one transaction: the event row first (unique per integration, call and event:
 * a retried event finds it and writes nothing more), then, for a finished or missed call, the
 * caller matched by normalised phone (or a record created for an unknown number), the activity on
 * its timeline and, for a missed call, the call-back task for its owner. Started and answered are
 * only kept. Every write goes through the records service as the process "telephony:<name>" (its
 * own rights, on behalf of the person whose extension took the call, else the integration's
 * creator), so history, validation, before-save processes and the outbox run as for any save.
 * A failing write rolls the event row back with it, so the PBX's retry gets another chance.
 * Numbers are read by the records' own normaliser (libphonenumber, the field's default country), so
 * "89161234567" from the PBX finds "+79161234567" exactly as the phone field stored it.
 */

export interface CallEventDeps {
  knex: Knex;
  app: App;
  hooks: readonly BeforeSaveHook[];
  events: RecordEventSink;
}

export interface CallOutcome {
  duplicate: boolean;
  matched: { entity: string; id: string } | null;
  createdRecord: boolean;
  activityId: string | null;
  taskId: string | null;
}

interface Found {
  rule: MatchRule;
  id: string;
  owner: string | null;
}

async function findCaller(trx: Knex, app: App, config: TelephonyConfig, raw: string): Promise<Found | null> {
  for (const rule of config.match) {
    const model = requireEntityModel(app, rule.entity);
    for (const field of rule.phoneFields) {
      const found = model.columns.find((c) => c.field.name === field);
      if (!found || found.field.type !== 'phone') continue;
      const stored = normalisePhone(raw, found.field.defaultCountry);
      if (!stored) continue;
      // The oldest record with the number; records made together (one import's transaction, or one
      // millisecond on PGlite) share created_at, and the id decides among them, the same every time.
      const row = (await trx(model.table).select('id', 'owner').where(found.column, stored).whereNull('deleted_at').orderBy([{ column: 'created_at' }, { column: 'id' }]).first()) as { id: string; owner: string | null } | undefined;
      if (row) return { rule, id: row.id, owner: row.owner };
    }
  }
  return null;
}

function callVars(event: CallEvent, number: string): Record<string, string> {
  return {
    callId: event.callId,
    event: event.event,
    direction: event.direction,
    from: event.from,
    to: event.to,
    number,
    duration: String(event.duration),
    recordingUrl: event.recordingUrl ?? '',
  };
}

const NUMERIC = new Set(['integer', 'number', 'decimal', 'money', 'percent']);

/** The configured values with the call filled in, as the field's type takes them (JSON has no "true" text). */
function fill(app: App, entity: string, values: Record<string, string>, vars: Record<string, string>): RecordValues {
  const fields = app.entities.find((e) => e.name === entity)?.fields ?? [];
  return Object.fromEntries(
    Object.entries(values).map(([name, template]) => {
      const text = fillTemplate(template, vars);
      const type = fields.find((f) => f.name === name)?.type;
      if (type === 'boolean') return [name, text === 'true'];
      if (type && NUMERIC.has(type) && text !== '' && Number.isFinite(Number(text))) return [name, Number(text)];
      return [name, text === '' ? null : text];
    }),
  );
}

export async function receiveCallEvent(deps: CallEventDeps, integration: IntegrationRow, event: CallEvent): Promise<CallOutcome> {
  const { app } = deps;
  const config = integration.config;
  const raw = event.direction === 'in' ? event.from : event.to;
  const number = normalisePhone(raw, undefined) ?? raw;
  const extension = event.direction === 'in' ? event.to : event.from;
  const handlerId = (await userOfExtension(deps.knex, integration.id, extension)) ?? integration.created_by;
  const handler = handlerId ? await findUserById(deps.knex, handlerId) : undefined;
  const caller = { user: handler && !handler.disabled ? toActor(handler) : null, process: { name: `telephony:${integration.name}`, actAs: 'system' as const } };
  return deps.knex.transaction(async (trx) => {
    const inserted = await trx('telephony_call_events')
      .insert({ integration_id: integration.id, call_id: event.callId, event: event.event, from_number: event.from, to_number: event.to, direction: event.direction, duration: event.duration, recording_url: event.recordingUrl })
      .onConflict(['integration_id', 'call_id', 'event'])
      .ignore()
      .returning('id');
    const outcome: CallOutcome = { duplicate: inserted.length === 0, matched: null, createdRecord: false, activityId: null, taskId: null };
    if (outcome.duplicate || (event.event !== 'ended' && event.event !== 'missed')) return outcome;
    const records = createRecordService({ db: trx, app, caller, hooks: deps.hooks, events: deps.events });
    const vars = callVars(event, number);
    let found = await findCaller(trx, app, config, raw);
    if (!found && config.create) {
      const created = await records.create(config.create.entity, { ...fill(app, config.create.entity, config.create.values, vars), [config.create.phoneField]: number });
      const rule = config.match.find((m) => m.entity === config.create?.entity) ?? { entity: config.create.entity, phoneFields: [config.create.phoneField] };
      found = { rule, id: created.id, owner: created.owner };
      outcome.createdRecord = true;
    }
    if (found) outcome.matched = { entity: found.rule.entity, id: found.id };
    const activityLink = found?.rule.activityLink ? { [found.rule.activityLink]: found.id } : {};
    outcome.activityId = (await records.create(config.activity.entity, { ...fill(app, config.activity.entity, config.activity.values, vars), ...activityLink })).id;
    if (event.event === 'missed' && config.task) {
      const taskLink = found?.rule.taskLink ? { [found.rule.taskLink]: found.id } : {};
      const assignee = found?.owner ?? caller.user?.id ?? null;
      outcome.taskId = (await records.create(config.task.entity, { ...fill(app, config.task.entity, config.task.values, vars), ...taskLink, [config.task.assigneeField]: assignee })).id;
    }
    await trx('telephony_call_events').where({ id: (inserted[0] as { id: string | number }).id }).update({ outcome: JSON.stringify(outcome) });
    return outcome;
  });
}
