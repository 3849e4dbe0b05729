import type { Trigger } from '../../generated/definition.types.js';
import type { JsonSchema } from '../record/record-schema.types.js';
import { startInputPayloadSchema } from './start-input.rules.js';
import { UNTYPED, objectSchema, recordSchema, type NodeOutputContext } from './node-type.catalog.js';

/*
 * What `trigger` holds in a run, per trigger type: the JSON the engine and the runtime put there
 * (engine.factory.ts recordTrigger / beforeSaveTrigger, triggers/schedule.duty.ts and
 * date-trigger.duty.ts, runtime processes/hooks.routes.ts and the manual start route). Keyed by the
 * trigger type union. A run started by call_process has `{type: "call", input, parentRunId,
 * parentNodeId}` instead, whatever its own trigger says; conditions then read the keys its trigger
 * declares as empty.
 */

const STRING: JsonSchema = { type: 'string' };
const UUID: JsonSchema = { type: 'string', format: 'uuid' };
const DATE_TIME: JsonSchema = { type: 'string', format: 'date-time' };

function nullableRecord(ctx: NodeOutputContext, entity: string): JsonSchema {
  const schema = recordSchema(ctx, entity);
  return Object.keys(schema).length === 0 ? schema : { anyOf: [schema, { type: 'null' }] };
}

function recordChange(ctx: NodeOutputContext, type: 'record' | 'stage', entity: string): JsonSchema {
  return objectSchema(
    {
      type: { type: 'string', enum: [type] },
      action: { type: 'string', enum: ['create', 'update', 'delete'] },
      entity: STRING,
      recordId: UUID,
      version: { type: 'integer' },
      changes: { type: 'array', items: objectSchema({ field: STRING, old: UNTYPED, new: UNTYPED }, ['field']) },
      before: nullableRecord(ctx, entity),
      after: nullableRecord(ctx, entity),
    },
    ['type', 'action', 'entity'],
  );
}

type TriggerOfType<T extends Trigger['type']> = Extract<Trigger, { type: T }>;

const TRIGGER_PAYLOADS: { readonly [T in Trigger['type']]: (trigger: TriggerOfType<T>, ctx: NodeOutputContext) => JsonSchema } = {
  record: (trigger, ctx) => recordChange(ctx, 'record', trigger.entity),
  stage: (trigger, ctx) => recordChange(ctx, 'stage', trigger.entity),
  date: () =>
    objectSchema(
      { type: { type: 'string', enum: ['date'] }, entity: STRING, field: STRING, recordId: UUID, value: UNTYPED, occurrence: STRING, scheduledAt: DATE_TIME },
      ['type', 'entity', 'field', 'recordId'],
    ),
  schedule: () => objectSchema({ type: { type: 'string', enum: ['schedule'] }, cron: STRING, timezone: STRING, scheduledAt: DATE_TIME }, ['type', 'scheduledAt']),
  // The body is what the trigger's own schema allows, when it has one.
  webhook: (trigger) =>
    objectSchema({ type: { type: 'string', enum: ['webhook'] }, name: STRING, body: trigger.schema ?? UNTYPED, receivedAt: DATE_TIME }, ['type', 'name', 'body']),
  // With a start form, `input` holds its answers, typed like record fields; without one, what the caller sent.
  manual: (trigger, ctx) =>
    objectSchema(
      {
        type: { type: 'string', enum: ['manual'] },
        entity: { type: ['string', 'null'] },
        recordId: UUID,
        input: trigger.inputs && trigger.inputs.length > 0 ? startInputPayloadSchema(ctx.catalog, trigger.inputs) : UNTYPED,
        startedBy: UUID,
      },
      ['type'],
    ),
};

function isTriggerOf<T extends Trigger['type']>(trigger: Trigger, type: T): trigger is TriggerOfType<T> {
  return trigger.type === type;
}

function payloadFor<T extends Trigger['type']>(trigger: Trigger, type: T, ctx: NodeOutputContext): JsonSchema {
  return isTriggerOf(trigger, type) ? TRIGGER_PAYLOADS[type](trigger, ctx) : UNTYPED;
}

/** The JSON Schema of `trigger` in a run of a process with this trigger. */
export function triggerPayloadSchema(trigger: Trigger, ctx: NodeOutputContext): JsonSchema {
  return payloadFor(trigger, trigger.type, ctx);
}
