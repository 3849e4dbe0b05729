import type { Node, Trigger } from '../../generated/definition.types.js';

/*
 * One worked example per node type and per trigger type, as an analyst would write it. The
 * definition-language reference prints them, the builder may offer them as starting points, and
 * process-examples.catalog.test.ts validates each against process.schema.json, so an example that
 * stops being valid fails the build instead of misleading a reader. Keyed by the type unions: a new
 * type has no reference until it has an example.
 */

type NodeExamples = { readonly [T in Node['type']]: Extract<Node, { type: T }> };
type TriggerExamples = { readonly [T in Trigger['type']]: Extract<Trigger, { type: T }> };

export const NODE_EXAMPLES: NodeExamples = {
  condition: {
    id: 'big_deal',
    type: 'condition',
    label: { ru: 'Крупная сделка?', en: 'Big deal?' },
    config: { condition: { and: [{ field: 'amount', op: 'gt', value: 100000 }, { field: 'steps.score.value', op: 'gte', value: 70 }] } },
  },
  switch: {
    id: 'by_status',
    type: 'switch',
    config: {
      cases: [
        { handle: 'ok', label: { ru: 'Успех', en: 'Success' }, condition: { field: 'steps.call_erp.status', op: 'lt', value: 300 } },
        { handle: 'conflict', condition: { field: 'steps.call_erp.status', op: 'eq', value: 409 } },
      ],
    },
  },
  assign: { id: 'assign_senior', type: 'assign', config: { strategy: 'role-least-loaded', role: 'senior_manager', loadCondition: { field: 'stage', op: 'nin', value: ['won', 'lost'] } } },
  update_record: { id: 'mark_vip', type: 'update_record', config: { values: { priority: 'high', note: 'Сумма {{record.amount}} — VIP' } } },
  create_record: { id: 'company_from_form', type: 'create_record', config: { entity: 'company', values: { name: { $ref: 'trigger.body.company' }, phone: { $ref: 'trigger.body.phone' } } } },
  create_task: {
    id: 'call_client',
    type: 'create_task',
    config: { title: 'Позвонить клиенту по сделке «{{record.title}}»', due: 'P1D', reminder: 'PT1H' },
  },
  approval: {
    id: 'discount_ok',
    type: 'approval',
    config: {
      title: 'Согласовать скидку',
      approvers: ['owner-manager'],
      mode: 'one',
      timeout: 'P2D',
      escalateTo: 'approver-manager',
      escalation: { times: 2, timeout: 'P1D', afterLast: 'timeout' },
    },
  },
  wait: { id: 'wait_reply', type: 'wait', config: { untilCondition: { field: 'stage', op: 'ne', value: 'proposal' }, timeout: 'P7D' } },
  notify: { id: 'tell_owner', type: 'notify', config: { to: { $ref: 'record.owner' }, message: 'Сделка «{{record.title}}» одобрена' } },
  email: { id: 'thank_you', type: 'email', config: { to: '{{record.email}}', subject: 'Спасибо за заказ', body: 'Здравствуйте, {{record.name}}!' } },
  document: { id: 'make_invoice', type: 'document', config: { template: 'invoice' } },
  http: {
    id: 'call_erp',
    type: 'http',
    config: {
      method: 'POST',
      url: 'https://erp.example.com/api/orders',
      headers: { 'Content-Type': 'application/json' },
      body: { deal: { $ref: 'record.id' }, amount: { $ref: 'record.amount' } },
      timeoutMs: 5000,
      retryOn: ['5xx', 429],
      retry: { attempts: 3, firstDelay: 'PT10S', maxDelay: 'PT2M' },
    },
  },
  script: {
    id: 'score',
    type: 'script',
    config: {
      language: 'typescript',
      source: 'const base = (record?.amount ?? 0) > 100000 ? 60 : 20;\nreturn { value: base + (steps.call_erp?.status === 200 ? 20 : 0) };',
      output: { type: 'object', properties: { value: { type: 'integer', minimum: 0, maximum: 100 } }, required: ['value'] },
    },
  },
  loop: { id: 'each_contact', type: 'loop', config: { relation: 'contacts', filter: { field: 'email', op: 'isNotEmpty' }, limit: 500 } },
  parallel: { id: 'fan_out', type: 'parallel' },
  join: { id: 'both_done', type: 'join', config: { wait: 'all' } },
  call_process: { id: 'onboard', type: 'call_process', config: { process: 'client_onboarding', input: { company: { $ref: 'record.company' } }, wait: true } },
  end: { id: 'rejected', type: 'end', config: { status: 'failed', message: 'Скидка не согласована' } },
};

export const TRIGGER_EXAMPLES: TriggerExamples = {
  record: { type: 'record', entity: 'deal', on: ['create', 'update'], condition: { field: 'amount', op: 'changed' } },
  stage: { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'won', onCreate: false },
  schedule: { type: 'schedule', cron: '0 9 * * 1-5', timezone: 'Europe/Moscow' },
  date: { type: 'date', entity: 'contact', field: 'birthday', offset: '-P1D', time: '10:00', yearly: true },
  webhook: { type: 'webhook', name: 'site-leads', secret: 'change-me-0123456789', schema: { type: 'object', properties: { company: { type: 'string' }, amount: { type: 'number' } }, required: ['company'] } },
  manual: {
    type: 'manual',
    entity: 'deal',
    startRoles: ['sales_manager'],
    inputs: [
      { name: 'new_owner', type: 'user', label: { ru: 'Кому передать', en: 'Hand over to' }, required: true },
      { name: 'reason', type: 'longtext', label: { ru: 'Причина', en: 'Reason' } },
      { name: 'from', type: 'date', label: { ru: 'С какого дня', en: 'From' }, default: '$today' },
    ],
  },
};
