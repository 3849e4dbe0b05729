import { nodeConditionHolds, type NodeConditionSource } from '../values/node-condition.evaluator.js';
import { defineNodeType, type NodeContext, type NodeResult } from './node-type.js';

/** What a condition or switch node's conditions read: the run's values at this node. */
export function conditionSource(ctx: NodeContext): NodeConditionSource {
  return {
    app: ctx.app,
    process: ctx.run.process,
    nodeId: ctx.node.id,
    scope: ctx.scope,
    record: () => ctx.record(),
    records: ctx.ports.records,
    actor: ctx.actor(),
  };
}

/** Goes on through `true` or `false`: whether the condition holds over the run's values. */
export const conditionNode = defineNodeType({
  type: 'condition',
  async execute(ctx): Promise<NodeResult> {
    const holds = await nodeConditionHolds(conditionSource(ctx), ctx.node.config.condition);
    return { kind: 'continue', handle: holds ? 'true' : 'false', output: { result: holds } };
  },
});
