import { stepError } from '../run/step-failure.js';
import { defineNodeType, type NodeResult } from './node-type.js';

/*
 * "Create document": fills a document template from the run's record and keeps the PDF on the
 * record (through the host's text-templates port, in the step's transaction, under the step's
 * idempotency key, so a retried step makes one document). Templates live outside the definition,
 * so a missing one is found when the step runs: TEMPLATE_NOT_FOUND.
 */
export const documentNode = defineNodeType({
  type: 'document',
  async execute(ctx): Promise<NodeResult> {
    const subject = ctx.run.subject;
    if (!subject?.id) throw stepError('NO_RECORD', `Node ${ctx.node.id}: the run has no record to make a document for.`);
    const texts = ctx.ports.texts;
    if (!texts) throw stepError('DOCUMENTS_UNAVAILABLE', `Node ${ctx.node.id}: this host cannot make documents.`);
    const made = await texts.createDocument(ctx.actor(), { entity: subject.entity, recordId: subject.id, template: ctx.node.config.template, idempotencyKey: ctx.idempotencyKey });
    if (!made.ok) throw stepError(made.code, `Node ${ctx.node.id}: ${made.message}`);
    ctx.effect({ kind: 'document', template: made.value.template, fileName: made.value.fileName });
    return { kind: 'continue', output: { ...made.value } };
  },
  simulate(ctx): NodeResult {
    ctx.effect({ kind: 'document', template: ctx.node.config.template });
    return { kind: 'continue', output: { template: ctx.node.config.template, simulated: true } };
  },
});
