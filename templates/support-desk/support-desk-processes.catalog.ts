import type { Condition, Process } from '@crm/schemas';
import { l } from './support-desk-entities.catalog.js';
import { MANUAL_PROCESSES } from './support-desk-manual-processes.catalog.js';
import { SURVEY_PROCESSES } from './support-desk-survey-processes.catalog.js';

/*
 * The desk's automations. Deadlines come from the SLA policy of the ticket's priority and are
 * written on the ticket before it is saved, so the date triggers below (first-response warning,
 * escalation an hour before the resolution deadline) fire on every ticket, demo tickets included,
 * relative to when it arrived. Requests from the support inbox are dealt round-robin among the
 * agents. The satisfaction surveys' processes are in support-desk-survey-processes.catalog.ts, what
 * people run by hand in support-desk-manual-processes.catalog.ts.
 */

const at = (x: number, y = 0): { x: number; y: number } => ({ x, y });

/** Looks up the SLA policy of the ticket's priority; deadlines count from the ticket's arrival. */
const SLA_SCRIPT = `const found = await api.findRecords('sla_policy', { field: 'priority', op: 'eq', value: record.priority }, 1);
const policy = found[0];
if (!policy) return { found: false, policy: '' };
// A new ticket arrives now; a re-prioritised one keeps the time it arrived.
const start = trigger.action === 'create' || !record.created_at ? Date.parse(now) : Date.parse(record.created_at);
const hour = 3600 * 1000;
return {
  found: true,
  policy: policy.name,
  first_response_due: new Date(start + policy.first_response_hours * hour).toISOString(),
  resolution_due: new Date(start + policy.resolution_hours * hour).toISOString(),
};`;

const slaDeadlines: Process = {
  name: 'sla_deadlines',
  label: l('Сроки SLA по приоритету', 'SLA deadlines by priority'),
  description: l(
    'При создании обращения и при смене приоритета проставляет сроки первого ответа и решения по нормативу SLA этого приоритета.',
    'When a ticket is created or its priority changes, sets its first response and resolution deadlines from the SLA policy of that priority.',
  ),
  mode: 'before-save',
  trigger: {
    type: 'record',
    entity: 'ticket',
    on: ['create', 'update'],
    condition: { or: [{ field: 'priority', op: 'changed' }, { field: 'resolution_due', op: 'isEmpty' }] },
  },
  nodes: [
    {
      id: 'sla',
      type: 'script',
      label: l('Норматив приоритета', 'Policy of the priority'),
      position: at(240),
      config: {
        language: 'javascript',
        source: SLA_SCRIPT,
        output: {
          type: 'object',
          properties: {
            found: { type: 'boolean' },
            policy: { type: 'string' },
            first_response_due: { type: 'string', format: 'date-time' },
            resolution_due: { type: 'string', format: 'date-time' },
          },
          required: ['found', 'policy'],
        },
      },
    },
    { id: 'has_policy', type: 'condition', label: l('Норматив есть?', 'Is there a policy?'), position: at(480), config: { condition: { field: 'steps.sla.found', op: 'eq', value: true } } },
    {
      id: 'set_deadlines',
      type: 'update_record',
      label: l('Проставить сроки', 'Set the deadlines'),
      position: at(720, -80),
      config: { values: { first_response_due: { $ref: 'steps.sla.first_response_due' }, resolution_due: { $ref: 'steps.sla.resolution_due' } } },
    },
    { id: 'done', type: 'end', position: at(960) },
  ],
  edges: [
    { from: 'trigger', to: 'sla' },
    { from: 'sla', to: 'has_policy' },
    { from: 'has_policy', to: 'set_deadlines', handle: 'true' },
    { from: 'has_policy', to: 'done', handle: 'false' },
    { from: 'set_deadlines', to: 'done' },
  ],
};

/** Deadlines for tickets saved without them (imports, demo data, a priority with no policy yet). */
const SLA_WATCH_SCRIPT = `const policies = await api.findRecords('sla_policy', undefined, 50);
const byPriority = {};
for (const p of policies) byPriority[p.priority] = p;
const missing = await api.findRecords('ticket', { field: 'resolution_due', op: 'isEmpty' }, 200);
const hour = 3600 * 1000;
let updated = 0;
for (const t of missing) {
  const policy = byPriority[t.priority];
  if (!policy) continue;
  const start = Date.parse(t.created_at);
  await api.updateRecord('ticket', t.id, {
    first_response_due: new Date(start + policy.first_response_hours * hour).toISOString(),
    resolution_due: new Date(start + policy.resolution_hours * hour).toISOString(),
  });
  updated += 1;
}
return { checked: missing.length, updated };`;

const slaWatch: Process = {
  name: 'sla_watch',
  label: l('Сроки SLA для обращений без сроков', 'SLA deadlines for tickets without them'),
  description: l(
    'Каждые 5 минут находит обращения без сроков (импорт, демо-данные, приоритет без норматива) и считает их сроки от времени поступления.',
    'Every 5 minutes finds tickets with no deadlines (imported, demo data, a priority that had no policy) and sets them from the time the ticket arrived.',
  ),
  trigger: { type: 'schedule', cron: '*/5 * * * *', timezone: 'Europe/Moscow' },
  nodes: [
    {
      id: 'fill_deadlines',
      type: 'script',
      label: l('Проставить недостающие сроки', 'Set the missing deadlines'),
      position: at(240),
      config: {
        language: 'javascript',
        source: SLA_WATCH_SCRIPT,
        timeoutMs: 30000,
        output: { type: 'object', properties: { checked: { type: 'integer' }, updated: { type: 'integer' } }, required: ['checked', 'updated'] },
      },
    },
    { id: 'done', type: 'end', position: at(480) },
  ],
  edges: [
    { from: 'trigger', to: 'fill_deadlines' },
    { from: 'fill_deadlines', to: 'done' },
  ],
};

const responseTimes: Process = {
  name: 'response_times',
  label: l('Время первого ответа и решения', 'First response and resolution times'),
  description: l(
    'Когда обращение впервые уходит из «Новое», записывает время первого ответа; когда оно решено — время решения.',
    'When a ticket first leaves New, records the first response time; when it is resolved, the resolution time.',
  ),
  mode: 'before-save',
  trigger: { type: 'record', entity: 'ticket', on: ['create', 'update'], condition: { field: 'status', op: 'changed' } },
  nodes: [
    {
      id: 'first_answer',
      type: 'condition',
      label: l('Первый ответ?', 'First response?'),
      position: at(240),
      config: { condition: { and: [{ field: 'status', op: 'ne', value: 'new' }, { field: 'first_response_at', op: 'isEmpty' }] } },
    },
    { id: 'stamp_response', type: 'update_record', label: l('Записать первый ответ', 'Record the first response'), position: at(480, -80), config: { values: { first_response_at: { $ref: '$now' } } } },
    { id: 'is_resolved', type: 'condition', label: l('Решено?', 'Resolved?'), position: at(720), config: { condition: { field: 'status', op: 'eq', value: 'resolved' } } },
    { id: 'stamp_resolved', type: 'update_record', label: l('Записать время решения', 'Record the resolution time'), position: at(960, -80), config: { values: { resolved_at: { $ref: '$now' } } } },
    { id: 'done', type: 'end', position: at(1200) },
  ],
  edges: [
    { from: 'trigger', to: 'first_answer' },
    { from: 'first_answer', to: 'stamp_response', handle: 'true' },
    { from: 'first_answer', to: 'is_resolved', handle: 'false' },
    { from: 'stamp_response', to: 'is_resolved' },
    { from: 'is_resolved', to: 'stamp_resolved', handle: 'true' },
    { from: 'is_resolved', to: 'done', handle: 'false' },
    { from: 'stamp_resolved', to: 'done' },
  ],
};

const OPEN: Condition = { field: 'status', op: 'nin', value: ['resolved', 'closed'] };

const firstResponseWarning: Process = {
  name: 'first_response_warning',
  label: l('Напоминание о первом ответе', 'First response reminder'),
  description: l(
    'За 15 минут до срока первого ответа, если клиенту ещё не ответили, напоминает ответственному.',
    'Fifteen minutes before the first response deadline, if the customer has had no answer, reminds the owner.',
  ),
  trigger: {
    type: 'date',
    entity: 'ticket',
    field: 'first_response_due',
    offset: '-PT15M',
    condition: { and: [{ field: 'status', op: 'eq', value: 'new' }, { field: 'first_response_at', op: 'isEmpty' }] },
  },
  nodes: [
    {
      id: 'remind_owner',
      type: 'notify',
      label: l('Напомнить ответственному', 'Remind the owner'),
      position: at(240),
      config: { to: { $ref: 'record.owner' }, message: 'Через 15 минут истекает срок первого ответа по обращению «{{record.subject}}» / First response due in 15 minutes' },
    },
    { id: 'done', type: 'end', position: at(480) },
  ],
  edges: [
    { from: 'trigger', to: 'remind_owner' },
    { from: 'remind_owner', to: 'done' },
  ],
};

const slaEscalation: Process = {
  name: 'sla_escalation',
  label: l('Эскалация при угрозе SLA', 'Escalate when the SLA is about to break'),
  description: l(
    'За час до срока решения нерешённое обращение эскалируется руководителю группы ответственного: отметка, задача и уведомления.',
    'An hour before the resolution deadline an unresolved ticket is escalated to the owner’s team lead: a flag, a task and notifications.',
  ),
  trigger: {
    type: 'date',
    entity: 'ticket',
    field: 'resolution_due',
    offset: '-PT1H',
    condition: { and: [OPEN, { field: 'escalated', op: 'ne', value: true }] },
  },
  nodes: [
    { id: 'to_lead', type: 'assign', label: l('Руководитель группы', 'The team lead'), position: at(240), config: { strategy: 'owner-manager', field: 'escalated_to' } },
    { id: 'mark', type: 'update_record', label: l('Отметить эскалацию', 'Flag the escalation'), position: at(480), config: { values: { escalated: true } } },
    {
      id: 'lead_task',
      type: 'create_task',
      label: l('Задача руководителю', 'Task for the lead'),
      position: at(720),
      config: {
        title: 'SLA под угрозой: «{{record.subject}}» / SLA about to break',
        description: 'Срок решения: {{record.resolution_due}}. Приоритет: {{record.priority}}.',
        assignee: { $ref: 'steps.to_lead.assigned.id' },
        due: 'PT1H',
        reminder: 'PT15M',
      },
    },
    {
      id: 'tell_owner',
      type: 'notify',
      label: l('Сообщить ответственному', 'Tell the owner'),
      position: at(960),
      config: { to: { $ref: 'record.owner' }, message: 'Обращение «{{record.subject}}» эскалировано руководителю: до срока решения меньше часа / Escalated to your team lead' },
    },
    { id: 'done', type: 'end', position: at(1200) },
  ],
  edges: [
    { from: 'trigger', to: 'to_lead' },
    { from: 'to_lead', to: 'mark' },
    { from: 'mark', to: 'lead_task' },
    { from: 'lead_task', to: 'tell_owner' },
    { from: 'tell_owner', to: 'done' },
  ],
};

/** The support inbox: a request by e-mail or the portal becomes a ticket of a known or new customer. */
const INBOX_SCRIPT = `const body = trigger.body;
const email = String(body.email).trim().toLowerCase();
// A request that names no priority or channel gets the usual ones (an absent value would blank the field's default).
const ticket = { priority: body.priority || 'normal', channel: body.channel || 'email' };
const known = await api.findRecords('customer', { field: 'email', op: 'eq', value: email }, 1);
if (known[0]) return { customer: known[0].id, created: false, ...ticket };
const created = await api.createRecord('customer', { name: body.name || email, contact_person: body.name || null, email });
return { customer: created.id, created: true, ...ticket };`;

const supportInbox: Process = {
  name: 'support_inbox',
  label: l('Входящие обращения', 'Support inbox'),
  description: l(
    'Письмо или заявка с портала (вебхук support-inbox) становится обращением; новый клиент заводится по адресу почты.',
    'An email or a portal request (webhook support-inbox) becomes a ticket; an unknown sender becomes a new customer.',
  ),
  trigger: {
    type: 'webhook',
    name: 'support-inbox',
    secret: 'inbox-demo-secret-change-me',
    schema: {
      type: 'object',
      properties: {
        email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' },
        name: { type: 'string', maxLength: 200 },
        subject: { type: 'string', minLength: 1, maxLength: 300 },
        text: { type: 'string', maxLength: 20000 },
        channel: { type: 'string', enum: ['email', 'portal', 'chat'] },
        priority: { type: 'string', enum: ['low', 'normal', 'high', 'critical'] },
      },
      required: ['email', 'subject'],
    },
  },
  nodes: [
    {
      id: 'find_customer',
      type: 'script',
      label: l('Найти или завести клиента', 'Find or add the customer'),
      position: at(240),
      config: {
        language: 'javascript',
        source: INBOX_SCRIPT,
        output: {
          type: 'object',
          properties: { customer: { type: 'string' }, created: { type: 'boolean' }, priority: { type: 'string' }, channel: { type: 'string' } },
          required: ['customer', 'created', 'priority', 'channel'],
        },
      },
    },
    {
      id: 'ticket',
      type: 'create_record',
      label: l('Создать обращение', 'Create the ticket'),
      position: at(480),
      config: {
        entity: 'ticket',
        values: {
          subject: { $ref: 'trigger.body.subject' },
          description: { $ref: 'trigger.body.text' },
          customer: { $ref: 'steps.find_customer.customer' },
          channel: { $ref: 'steps.find_customer.channel' },
          priority: { $ref: 'steps.find_customer.priority' },
        },
      },
    },
    { id: 'done', type: 'end', position: at(720) },
  ],
  edges: [
    { from: 'trigger', to: 'find_customer' },
    { from: 'find_customer', to: 'ticket' },
    { from: 'ticket', to: 'done' },
  ],
};

const roundRobin: Process = {
  name: 'round_robin_tickets',
  label: l('Распределение по очереди', 'Round-robin distribution'),
  description: l(
    'Обращение без ответственного (из входящих) достаётся специалистам дежурной смены по очереди.',
    'A ticket with no owner (from the inbox) goes to the duty agents in turn.',
  ),
  mode: 'before-save',
  trigger: { type: 'record', entity: 'ticket', on: ['create'], condition: { field: 'owner', op: 'isEmpty' } },
  nodes: [
    { id: 'next_agent', type: 'assign', label: l('Следующий специалист', 'Next agent'), position: at(240), config: { strategy: 'role-round-robin', role: 'support_agent' } },
    { id: 'done', type: 'end', position: at(480) },
  ],
  edges: [
    { from: 'trigger', to: 'next_agent' },
    { from: 'next_agent', to: 'done' },
  ],
};

export const SUPPORT_PROCESSES: Process[] = [
  slaDeadlines,
  slaWatch,
  responseTimes,
  firstResponseWarning,
  slaEscalation,
  ...MANUAL_PROCESSES,
  ...SURVEY_PROCESSES,
  supportInbox,
  roundRobin,
];
