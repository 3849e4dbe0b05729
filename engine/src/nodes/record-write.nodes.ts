import { toJson } from '../json.types.js';
import { resolveFieldValues } from '../values/value.resolver.js';
import { stepError } from '../run/step-failure.js';
import { defineNodeType, type NodeResult } from './node-type.js';

/** Sets fields of the run's record, or of another record named by {entity, id}. */
export const updateRecordNode = defineNodeType({
  type: 'update_record',
  async execute(ctx): Promise<NodeResult> {
    const values = resolveFieldValues(ctx.node.config.values, ctx.scope);
    const target = ctx.node.config.target;
    if (!target) {
      await ctx.setRecordFields(values);
      ctx.effect({ kind: 'update_record', entity: ctx.run.subject?.entity ?? null, id: ctx.run.subject?.id ?? null, values: toJson(values) });
      return { kind: 'continue', output: { entity: ctx.run.subject?.entity ?? null, id: ctx.run.subject?.id ?? null, values: toJson(values) } };
    }
    const id = ctx.resolve(target.id);
    if (typeof id !== 'string' || id === '') throw stepError('NO_TARGET', `Node ${ctx.node.id}: the id of the ${target.entity} record to update is empty.`);
    const updated = await ctx.ports.records.update({ ...ctx.actor(), undoneWithStep: true }, target.entity, id, values);
    ctx.effect({ kind: 'update_record', entity: target.entity, id, values: toJson(values) });
    return { kind: 'continue', output: { entity: target.entity, id, version: updated.version, values: toJson(values) } };
  },
});

/** Creates a record; its id is the step's output (`steps.<node>.id`). */
export const createRecordNode = defineNodeType({
  type: 'create_record',
  async execute(ctx): Promise<NodeResult> {
    const values = resolveFieldValues(ctx.node.config.values, ctx.scope);
    const created = await ctx.ports.records.create({ ...ctx.actor(), undoneWithStep: true }, ctx.node.config.entity, values);
    ctx.effect({ kind: 'create_record', entity: ctx.node.config.entity, id: created.id, values: toJson(values) });
    return { kind: 'continue', output: { entity: ctx.node.config.entity, id: created.id, record: toJson(created) } };
  },
});
