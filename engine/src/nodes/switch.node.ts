import { conditionHolds } from '../values/condition-record.loader.js';
import { defineNodeType, type NodeResult } from './node-type.js';
import { requireRecord, subjectEntity } from './node-helpers.js';

/** Goes on through the first case whose condition the record meets, else through `default`. */
export const switchNode = defineNodeType({
  type: 'switch',
  async execute(ctx): Promise<NodeResult> {
    const record = requireRecord(ctx);
    const evaluation = { app: ctx.app, entity: subjectEntity(ctx), user: ctx.run.user, now: ctx.now };
    for (const item of ctx.node.config.cases) {
      if (await conditionHolds(ctx.ports.records, ctx.actor(), item.condition, record, evaluation)) {
        return { kind: 'continue', handle: item.handle, output: { case: item.handle } };
      }
    }
    return { kind: 'continue', handle: 'default', output: { case: 'default' } };
  },
});
