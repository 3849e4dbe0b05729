import { toJson } from '../json.types.js';
import { addDuration, subtractDuration } from '../values/iso-duration.js';
import { stepError } from '../run/step-failure.js';
import { defineNodeType, type NodeResult } from './node-type.js';
import { asText, personSummary, resolvePeople } from './node-helpers.js';

/*
 * Work for people: tasks (GET /api/tasks), in-app notifications and e-mail. Each row carries the
 * step's idempotency key under a unique index, so however often the step is retried, the task,
 * the notification or the e-mail exists once. Tasks and notifications go in with the step's own
 * row in run history (NodeContext.writeWithStep), not in a round trip of their own.
 */

export const createTaskNode = defineNodeType({
  type: 'create_task',
  async execute(ctx): Promise<NodeResult> {
    const { title, description, assignee, due, reminder } = ctx.node.config;
    const owner = ctx.record()?.['owner'];
    const [person] = await resolvePeople(ctx, assignee ?? (typeof owner === 'string' ? owner : null));
    if (!person) throw stepError('NO_ASSIGNEE', `Node ${ctx.node.id}: nobody to give the task to (the assignee is not an active user).`);
    const dueAt = due ? addDuration(ctx.now, due, ctx.timeZone) : null;
    const remindAt = dueAt && reminder ? subtractDuration(dueAt, reminder, ctx.timeZone) : null;
    // The id is minted here so the task can go in with the step's row (writeWithStep): the two
    // commit together, and a step in run history never runs again, so its idempotency key (a guard)
    // does not meet a stored task.
    const row = {
      id: crypto.randomUUID(),
      kind: 'task',
      title: asText(ctx.resolve(title)),
      description: description === undefined ? null : asText(ctx.resolve(description)),
      assignee_id: person.id,
      due_at: dueAt?.toISOString() ?? null,
      remind_at: remindAt?.toISOString() ?? null,
      entity: ctx.run.subject?.entity ?? null,
      record_id: ctx.run.subject?.id ?? null,
      run_id: ctx.run.id,
      node_id: ctx.node.id,
      token: ctx.run.token,
      idempotency_key: ctx.idempotencyKey,
    };
    ctx.writeWithStep({ table: 'human_tasks', row, ignoreConflictOn: 'idempotency_key' });
    ctx.effect({ kind: 'create_task', title: row.title, assignee: personSummary(person), due: row.due_at });
    return { kind: 'continue', output: { taskId: row.id, title: row.title, assignee: personSummary(person), dueAt: row.due_at } };
  },
});

export const notifyNode = defineNodeType({
  type: 'notify',
  async execute(ctx): Promise<NodeResult> {
    const people = await resolvePeople(ctx, ctx.node.config.to);
    const message = asText(ctx.resolve(ctx.node.config.message));
    const rows = people.map((person, i) => ({
      user_id: person.id,
      message,
      entity: ctx.run.subject?.entity ?? null,
      record_id: ctx.run.subject?.id ?? null,
      run_id: ctx.run.id,
      idempotency_key: `${ctx.idempotencyKey}:${i}`,
    }));
    for (const row of rows) ctx.writeWithStep({ table: 'notifications', row, ignoreConflictOn: 'idempotency_key' });
    if (people.length === 0) ctx.log('warn', 'Nobody to notify: the recipients named are not active users.');
    ctx.effect({ kind: 'notify', to: people.map(personSummary), message });
    return { kind: 'continue', output: { notified: people.map(personSummary), message } };
  },
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const emailNode = defineNodeType({
  type: 'email',
  async execute(ctx): Promise<NodeResult> {
    const { to, subject, body, html } = ctx.node.config;
    const addresses = new Set<string>();
    const literal = ctx.resolve(to);
    for (const item of Array.isArray(literal) ? literal : [literal]) if (typeof item === 'string' && EMAIL.test(item)) addresses.add(item.trim());
    for (const person of await resolvePeople(ctx, to)) addresses.add(person.email);
    if (addresses.size === 0) throw stepError('NO_RECIPIENT', `Node ${ctx.node.id}: the e-mail has no valid recipient.`);
    let rendered: { subject: string; body: string; html: boolean } | null = null;
    // A template fills what the node leaves empty (subject and/or body), from the run's record.
    if (ctx.node.config.template && (subject === undefined || subject === '' || body === undefined || body === '')) {
      const record = ctx.run.subject;
      if (!record?.id) throw stepError('NO_RECORD', `Node ${ctx.node.id}: an e-mail template needs the run's record.`);
      if (!ctx.ports.texts) throw stepError('TEMPLATES_UNAVAILABLE', `Node ${ctx.node.id}: this host has no e-mail templates.`);
      const outcome = await ctx.ports.texts.renderEmail(ctx.actor(), { entity: record.entity, recordId: record.id, template: ctx.node.config.template });
      if (!outcome.ok) throw stepError(outcome.code, `Node ${ctx.node.id}: ${outcome.message}`);
      rendered = outcome.value;
    }
    const ownSubject = subject === undefined || subject === '' ? null : asText(ctx.resolve(subject));
    const ownBody = body === undefined || body === '' ? null : asText(ctx.resolve(body));
    if (ownSubject === null && !rendered) throw stepError('NO_SUBJECT', `Node ${ctx.node.id}: the e-mail has neither a subject nor a template.`);
    const row = {
      idempotency_key: ctx.idempotencyKey,
      to: JSON.stringify([...addresses]),
      subject: ownSubject ?? rendered?.subject ?? '',
      body: ownBody ?? rendered?.body ?? '',
      html: ownBody === null && rendered ? rendered.html : html === true,
      run_id: ctx.run.id,
    };
    await ctx.db('mail_outbox').insert(row).onConflict('idempotency_key').ignore();
    ctx.effect({ kind: 'email', to: [...addresses], subject: row.subject });
    return { kind: 'continue', output: toJson({ to: [...addresses], subject: row.subject }) };
  },
});
