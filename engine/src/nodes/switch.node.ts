import { nodeConditionHolds } from '../values/node-condition.evaluator.js';
import { conditionSource } from './condition.node.js';
import { defineNodeType, type NodeResult } from './node-type.js';

/** Goes on through the first case whose condition holds over the run's values, else through `default`. */
export const switchNode = defineNodeType({
  type: 'switch',
  async execute(ctx): Promise<NodeResult> {
    const source = conditionSource(ctx);
    for (const item of ctx.node.config.cases) {
      if (await nodeConditionHolds(source, item.condition)) {
        return { kind: 'continue', handle: item.handle, output: { case: item.handle } };
      }
    }
    return { kind: 'continue', handle: 'default', output: { case: 'default' } };
  },
});
