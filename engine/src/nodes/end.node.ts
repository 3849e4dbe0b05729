import type { Node } from '@crm/schemas';
import { toJson } from '../json.types.js';
import { processLabelOf, refusalText, saveRefusal } from '../run/save-refusal.factory.js';
import { defineNodeType, type NodeContext, type NodeResult } from './node-type.js';

type EndNode = Extract<Node, { type: 'end' }>;
type EndMessage = NonNullable<NonNullable<EndNode['config']>['message']>;

function printed(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The node's message with its templates filled in, in the form it was written (one text or ru/en). */
function resolvedMessage(ctx: NodeContext<EndNode>, message: EndMessage | undefined): EndMessage | undefined {
  if (message === undefined) return undefined;
  if (typeof message === 'string') return printed(ctx.resolve(message));
  return { ...(message.ru === undefined ? {} : { ru: printed(ctx.resolve(message.ru)) }), en: printed(ctx.resolve(message.en)) };
}

/**
 * Ends this branch (completed) or the whole run (failed, with the message). In a before-save run a
 * failed end refuses the save: the record is not written and the person reads the message (ru/en),
 * next to the node's field when it names one. Elsewhere a failed end fails the run, as it always did.
 */
export const endNode = defineNodeType({
  type: 'end',
  execute(ctx): NodeResult {
    const status = ctx.node.config?.status ?? 'completed';
    const message = resolvedMessage(ctx, ctx.node.config?.message);
    const processLabel = processLabelOf(ctx.run.process, ctx.app.processes?.find((p) => p.name === ctx.run.process)?.label);
    if (status === 'failed' && ctx.run.mode === 'before-save') {
      const field = ctx.node.config?.field;
      throw saveRefusal({ text: refusalText(message, processLabel), processLabel, ...(field === undefined ? {} : { field }) });
    }
    // The run's error reads the English text and, when the node wrote one, the Russian beside it; the step's output keeps the message as written.
    const text = message === undefined ? undefined : typeof message === 'string' ? { en: message } : { en: refusalText(message, processLabel).en, ...(message.ru === undefined ? {} : { ru: refusalText(message, processLabel).ru }) };
    return {
      kind: 'end',
      status,
      ...(text === undefined ? {} : { message: text.en }),
      ...(text?.ru === undefined ? {} : { messageRu: text.ru }),
      output: { status, ...(message === undefined ? {} : { message: toJson(message) }) },
    };
  },
});
