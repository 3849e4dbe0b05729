import type { WaitNode } from '@crm/schemas';
import type { JsonObject } from '../json.types.js';
import { addDuration, instantOfFieldValue } from '../values/iso-duration.js';
import { conditionHolds } from '../values/condition-record.loader.js';
import { defineNodeType, type NodeContext, type NodeResult } from './node-type.js';
import { requireRecord, subjectEntity } from './node-helpers.js';

/*
 * Wait for a duration, until a date field of the record (with an offset; when the field changes,
 * the due time moves with it), or until the record meets a condition (checked whenever the record
 * is saved; with `timeout`, giving up through the `timeout` handle). The timer is the job row's
 * due time, so it survives restarts and fires once. The due time set when the wait began is in the
 * state too, so the resumed step's output still says what it waited for (run history keeps both).
 */

/** When a field wait is due, from the record's current value; null while the field is empty. */
export function fieldWaitDue(value: unknown, offset: string | undefined, timeZone: string): Date | null {
  const instant = instantOfFieldValue(value, timeZone, '09:00');
  if (!instant) return null;
  return offset ? addDuration(instant, offset, timeZone) : instant;
}

async function startConditionWait(ctx: NodeContext<WaitNode>): Promise<NodeResult> {
  const condition = ctx.node.config.untilCondition;
  const record = requireRecord(ctx);
  const entity = subjectEntity(ctx);
  if (await conditionHolds(ctx.ports.records, ctx.actor(), condition, record, { app: ctx.app, entity, user: ctx.run.user, now: ctx.now })) {
    return { kind: 'continue', output: { waited: false, reason: 'condition already met' } };
  }
  const dueAt = ctx.node.config.timeout ? addDuration(ctx.now, ctx.node.config.timeout, ctx.timeZone) : null;
  const id = ctx.run.subject?.id;
  return {
    kind: 'wait',
    dueAt,
    state: { kind: 'condition', condition: JSON.parse(JSON.stringify(condition ?? null)), dueAt: dueAt?.toISOString() ?? null },
    ...(id ? { waitOn: { entity, recordId: id } } : {}),
    output: { until: 'condition', timeoutAt: dueAt?.toISOString() ?? null },
  };
}

export const waitNode = defineNodeType({
  type: 'wait',
  async execute(ctx): Promise<NodeResult> {
    const { duration, untilField, offset, untilCondition } = ctx.node.config;
    if (untilCondition !== undefined) return startConditionWait(ctx);
    if (untilField !== undefined) {
      const dueAt = fieldWaitDue(requireRecord(ctx)[untilField], offset, ctx.timeZone);
      if (dueAt && dueAt.getTime() <= ctx.now.getTime()) return { kind: 'continue', output: { waited: false, reason: 'the date has passed' } };
      const id = ctx.run.subject?.id;
      return {
        kind: 'wait',
        dueAt,
        state: { kind: 'field', field: untilField, offset: offset ?? null, dueAt: dueAt?.toISOString() ?? null },
        ...(id ? { waitOn: { entity: subjectEntity(ctx), recordId: id } } : {}),
        output: { until: dueAt?.toISOString() ?? null, field: untilField },
      };
    }
    const dueAt = addDuration(ctx.now, duration ?? 'PT0S', ctx.timeZone);
    return { kind: 'wait', dueAt, state: { kind: 'duration', dueAt: dueAt.toISOString() }, output: { until: dueAt.toISOString() } };
  },

  resume(ctx, state, signal): NodeResult {
    // The due time the wait began with. A field wait's moves with its field, so only the history's first phase tells it.
    const dueAt = typeof state['dueAt'] === 'string' ? state['dueAt'] : null;
    const at = ctx.now.toISOString();
    if (signal.type === 'timer' && state['kind'] === 'condition') return { kind: 'continue', handle: 'timeout', output: { outcome: 'timeout', timeoutAt: dueAt, at } };
    if (signal.type === 'simulated') return { kind: 'continue', handle: signal.handle ?? 'out', output: { simulated: true } };
    const output: JsonObject = { outcome: signal.type === 'condition' ? 'condition met' : 'time reached', at };
    if (state['kind'] === 'condition') output['timeoutAt'] = dueAt;
    else if (state['kind'] === 'duration') output['until'] = dueAt;
    else output['field'] = state['field'] ?? null;
    return { kind: 'continue', output };
  },
});
