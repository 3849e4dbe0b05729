import { defineNodeType, type NodeResult } from './node-type.js';

/** Ends this branch (completed) or the whole run (failed, with the message). */
export const endNode = defineNodeType({
  type: 'end',
  execute(ctx): NodeResult {
    const status = ctx.node.config?.status ?? 'completed';
    const message = ctx.node.config?.message;
    const text = message === undefined ? undefined : String(ctx.resolve(message) ?? '');
    return { kind: 'end', status, ...(text === undefined ? {} : { message: text }), output: { status, ...(text === undefined ? {} : { message: text }) } };
  },
});
