import { conditionHolds } from '../values/condition-record.loader.js';
import { defineNodeType, type NodeResult } from './node-type.js';
import { requireRecord, subjectEntity } from './node-helpers.js';

/** Goes on through `true` or `false`: whether the record meets the condition. */
export const conditionNode = defineNodeType({
  type: 'condition',
  async execute(ctx): Promise<NodeResult> {
    const holds = await conditionHolds(ctx.ports.records, ctx.actor(), ctx.node.config.condition, requireRecord(ctx), {
      app: ctx.app,
      entity: subjectEntity(ctx),
      user: ctx.run.user,
      now: ctx.now,
    });
    return { kind: 'continue', handle: holds ? 'true' : 'false', output: { result: holds } };
  },
});
