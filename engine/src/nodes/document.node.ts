import { stepError } from '../run/step-failure.js';
import type { Node } from '@crm/schemas';
import { defineNodeType, type NodeContext, type NodeResult } from './node-type.js';

/*
 * "Create document": fills a document template from a record and keeps the PDF on that record
 * (through the host's text-templates port, in the step's transaction, under the step's
 * idempotency key, so a retried step makes one document). The record is the run's own, or the one
 * `recordRef` names ({entity, id}, the id usually a relation field such as record.company), so a
 * deal's process can make the company's card. Templates live outside the definition, so a
 * missing one is found when the step runs: TEMPLATE_NOT_FOUND; a record that is gone or that the
 * run may not read: RECORD_NOT_FOUND.
 */

/** A relation's value is its id; an expanded one or an earlier step's output carries it as `id`. */
function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value && typeof value.id === 'string' && value.id !== '') return value.id;
  return null;
}

type DocumentContext = NodeContext<Extract<Node, { type: 'document' }>>;

function recordOf(ctx: DocumentContext): { entity: string; id: string } {
  const ref = ctx.node.config.recordRef;
  if (!ref) {
    const subject = ctx.run.subject;
    if (!subject?.id) throw stepError('NO_RECORD', `Node ${ctx.node.id}: the run has no record to make a document for.`);
    return { entity: subject.entity, id: subject.id };
  }
  const id = idOf(ctx.resolve(ref.id));
  if (!id) throw stepError('NO_RECORD', `Node ${ctx.node.id}: the ${ref.entity} record to make the document for is empty (${JSON.stringify(ref.id)}).`);
  return { entity: ref.entity, id };
}

export const documentNode = defineNodeType({
  type: 'document',
  async execute(ctx): Promise<NodeResult> {
    const record = recordOf(ctx);
    const texts = ctx.ports.texts;
    if (!texts) throw stepError('DOCUMENTS_UNAVAILABLE', `Node ${ctx.node.id}: this host cannot make documents.`);
    const made = await texts.createDocument(ctx.actor(), { entity: record.entity, recordId: record.id, template: ctx.node.config.template, idempotencyKey: ctx.idempotencyKey });
    if (!made.ok) {
      const which = made.code === 'RECORD_NOT_FOUND' ? ` (the ${record.entity} record ${record.id} is missing or the process may not read it)` : '';
      throw stepError(made.code, `Node ${ctx.node.id}: ${made.message}${which}`);
    }
    ctx.effect({ kind: 'document', template: made.value.template, fileName: made.value.fileName, entity: record.entity, id: record.id });
    return { kind: 'continue', output: { ...made.value, entity: record.entity, recordId: record.id } };
  },
  simulate(ctx): NodeResult {
    ctx.effect({ kind: 'document', template: ctx.node.config.template });
    return { kind: 'continue', output: { template: ctx.node.config.template, simulated: true } };
  },
});
