import type { JsonValue } from '../json.types.js';
import { stepError } from '../run/step-failure.js';
import { defineNodeType, type NodeResult } from './node-type.js';
import { requireRecord, subjectEntity } from './node-helpers.js';

/** Runs the `each` branch once per related record (the executor keeps the position), then `done`. */
export const loopNode = defineNodeType({
  type: 'loop',
  async execute(ctx): Promise<NodeResult> {
    const record = requireRecord(ctx);
    const id = record['id'];
    if (typeof id !== 'string') throw stepError('NO_RECORD', `Node ${ctx.node.id}: the record has no id yet, so it has no related records.`);
    const related = await ctx.ports.records.relatedIds(ctx.actor(), subjectEntity(ctx), id, ctx.node.config.relation, ctx.node.config.filter, ctx.node.config.limit ?? 1000);
    return { kind: 'loop', entity: related.entity, items: related.ids };
  },
});

/** Starts another process; with `wait` (the default), goes on when it ends, with its outcome. */
export const callProcessNode = defineNodeType({
  type: 'call_process',
  async execute(ctx): Promise<NodeResult> {
    const wait = ctx.node.config.wait ?? true;
    const input: JsonValue = JSON.parse(JSON.stringify(ctx.resolve(ctx.node.config.input ?? {}) ?? {}));
    const child = await ctx.startChildRun(ctx.node.config.process, input, wait);
    ctx.effect({ kind: 'call_process', process: ctx.node.config.process, runId: child.runId });
    if (!wait || child.status === 'completed') return { kind: 'continue', output: { runId: child.runId, status: child.status } };
    if (child.status === 'failed') throw stepError('CHILD_FAILED', `The process ${ctx.node.config.process} called by node ${ctx.node.id} failed.`, { runId: child.runId });
    return { kind: 'wait', dueAt: null, state: { childRunId: child.runId }, output: { runId: child.runId } };
  },
  resume(_ctx, state, signal): NodeResult {
    if (signal.type === 'child') {
      if (signal.status === 'failed') throw stepError('CHILD_FAILED', `The called process failed (run ${signal.runId}).`, { runId: signal.runId });
      return { kind: 'continue', output: { runId: signal.runId, status: signal.status, output: signal.output } };
    }
    return { kind: 'continue', output: { runId: typeof state['childRunId'] === 'string' ? state['childRunId'] : null, simulated: signal.type === 'simulated' } };
  },
  simulate(ctx): NodeResult {
    ctx.effect({ kind: 'call_process', process: ctx.node.config.process, simulated: true });
    return { kind: 'continue', output: { simulated: true, process: ctx.node.config.process } };
  },
});
