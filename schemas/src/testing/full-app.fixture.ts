import type { App, Entity, Field, Node, Process, StartInput } from '../../generated/definition.types.js';

/*
 * A valid app that uses every field type, every trigger type and every node type. Each call
 * returns a fresh copy, so a test may break one thing and expect exactly that to be reported.
 */

const DEAL_FIELDS: Field[] = [
  { name: 'title', type: 'text', label: { ru: 'Название', en: 'Title' }, required: true, maxLength: 200 },
  { name: 'description', type: 'longtext' },
  { name: 'amount', type: 'money', currency: 'RUB', min: 0 },
  { name: 'quantity', type: 'integer', min: 1, default: 1 },
  { name: 'discount', type: 'number', scale: 2 },
  { name: 'probability', type: 'percent', min: 0, max: 100 },
  { name: 'is_priority', type: 'boolean', default: false },
  { name: 'close_date', type: 'date' },
  { name: 'last_contact_at', type: 'datetime' },
  { name: 'contact_email', type: 'email' },
  { name: 'contact_phone', type: 'phone', defaultCountry: 'RU' },
  { name: 'website', type: 'url' },
  { name: 'stage', type: 'enum', required: true },
  {
    name: 'source',
    type: 'enum',
    options: [{ value: 'web' }, { value: 'referral' }, { value: 'cold_call' }],
    default: 'web',
  },
  { name: 'tags', type: 'multienum', options: [{ value: 'vip' }, { value: 'urgent' }] },
  { name: 'company', type: 'relation', target: 'company', cardinality: 'many-to-one', onDelete: 'set-null' },
  { name: 'contacts', type: 'relation', target: 'contact', cardinality: 'many-to-many' },
  { name: 'manager', type: 'user' },
  { name: 'weighted_amount', type: 'formula', expression: 'amount * probability / 100', resultType: 'number' },
  { name: 'contract', type: 'file', multiple: false, maxSizeMb: 10 },
];

const ENTITIES: Entity[] = [
  {
    name: 'company',
    label: { ru: 'Компания', en: 'Company' },
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'city', type: 'text' },
      { name: 'employees', type: 'integer' },
      { name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many', inverse: 'company' },
      { name: 'contacts', type: 'relation', target: 'contact', cardinality: 'one-to-many', inverse: 'company' },
    ],
    display: 'name',
    search: ['name', 'city'],
  },
  {
    name: 'contact',
    label: { ru: 'Контакт', en: 'Contact' },
    fields: [
      { name: 'full_name', type: 'text', required: true },
      { name: 'email', type: 'email' },
      { name: 'phone', type: 'phone' },
      { name: 'birthday', type: 'date' },
      { name: 'company', type: 'relation', target: 'company' },
    ],
    display: 'full_name',
    search: ['full_name', 'email', 'phone'],
  },
  {
    name: 'deal',
    label: { ru: 'Сделка', en: 'Deal' },
    fields: DEAL_FIELDS,
    display: 'title',
    search: ['title', 'description'],
  },
];

const NODES: Node[] = [
  { id: 'is_big', type: 'condition', config: { condition: { field: 'amount', op: 'gt', value: 1000000 } } },
  {
    id: 'by_source',
    type: 'switch',
    config: {
      cases: [
        { handle: 'web', condition: { field: 'source', op: 'eq', value: 'web' } },
        { handle: 'referral', condition: { field: 'source', op: 'eq', value: 'referral' } },
      ],
    },
  },
  { id: 'assign', type: 'assign', config: { strategy: 'role-round-robin', role: 'manager' } },
  { id: 'set_probability', type: 'update_record', config: { values: { probability: 50, manager: { $ref: 'record.owner' } } } },
  { id: 'approve', type: 'approval', config: { title: 'Big deal', approvers: [{ role: 'head' }], timeout: 'P2D', escalateTo: { role: 'admin' } } },
  { id: 'fan_out', type: 'parallel' },
  { id: 'task', type: 'create_task', config: { title: 'Call {{record.title}}', due: 'P1D' } },
  { id: 'tell_head', type: 'notify', config: { to: { role: 'head' }, message: 'Big deal {{record.title}}' } },
  { id: 'mail', type: 'email', config: { to: { $ref: 'record.contact_email' }, subject: 'Thank you' } },
  { id: 'join', type: 'join', config: { wait: 'all' } },
  { id: 'crm_sync', type: 'http', config: { method: 'POST', url: 'https://example.com/hook', body: { id: { $ref: 'record.id' } } } },
  { id: 'score', type: 'script', config: { source: 'return { score: 1 };' } },
  { id: 'each_contact', type: 'loop', config: { relation: 'contacts', filter: { field: 'email', op: 'isNotEmpty' } } },
  { id: 'log_contact', type: 'create_record', config: { entity: 'company', values: { name: '{{item.full_name}}' } } },
  { id: 'cool_down', type: 'wait', config: { duration: 'P1D' } },
  { id: 'follow_up', type: 'call_process', config: { process: 'follow_up', wait: false } },
  { id: 'done', type: 'end', config: { status: 'completed' } },
  { id: 'rejected', type: 'end', config: { status: 'failed', message: 'Rejected' } },
];

const MAIN_PROCESS: Process = {
  name: 'big_deal',
  label: { ru: 'Крупная сделка', en: 'Big deal' },
  mode: 'after-save',
  trigger: { type: 'record', entity: 'deal', on: ['create', 'update'], condition: { field: 'amount', op: 'changed' } },
  nodes: NODES,
  edges: [
    { from: 'trigger', to: 'is_big' },
    { from: 'is_big', to: 'by_source', handle: 'true' },
    { from: 'is_big', to: 'done', handle: 'false' },
    { from: 'by_source', to: 'assign', handle: 'web' },
    { from: 'by_source', to: 'assign', handle: 'referral' },
    { from: 'by_source', to: 'done', handle: 'default' },
    { from: 'assign', to: 'set_probability' },
    { from: 'set_probability', to: 'approve' },
    { from: 'approve', to: 'fan_out', handle: 'approved' },
    { from: 'approve', to: 'rejected', handle: 'rejected' },
    { from: 'fan_out', to: 'task' },
    { from: 'fan_out', to: 'tell_head' },
    { from: 'fan_out', to: 'mail' },
    { from: 'task', to: 'join' },
    { from: 'tell_head', to: 'join' },
    { from: 'mail', to: 'join' },
    { from: 'join', to: 'crm_sync' },
    { from: 'crm_sync', to: 'score' },
    { from: 'score', to: 'each_contact' },
    { from: 'each_contact', to: 'log_contact', handle: 'each' },
    { from: 'log_contact', to: 'each_contact' },
    { from: 'each_contact', to: 'cool_down', handle: 'done' },
    { from: 'cool_down', to: 'follow_up' },
    { from: 'follow_up', to: 'done' },
  ],
};

const OTHER_PROCESSES: Process[] = [
  {
    name: 'follow_up',
    trigger: { type: 'manual', entity: 'deal' },
    nodes: [{ id: 'remind', type: 'notify', config: { to: { $ref: 'record.owner' }, message: 'Follow up {{record.title}}' } }],
    edges: [{ from: 'trigger', to: 'remind' }],
  },
  {
    name: 'won_probability',
    mode: 'before-save',
    trigger: { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'won' },
    nodes: [{ id: 'certain', type: 'update_record', config: { values: { probability: 100 } } }],
    edges: [{ from: 'trigger', to: 'certain' }],
  },
  {
    name: 'birthday',
    trigger: { type: 'date', entity: 'contact', field: 'birthday', yearly: true, time: '09:00' },
    nodes: [{ id: 'greet', type: 'create_task', config: { title: 'Congratulate {{record.full_name}}' } }],
    edges: [{ from: 'trigger', to: 'greet' }],
  },
  {
    name: 'nightly',
    trigger: { type: 'schedule', cron: '0 3 * * *' },
    nodes: [{ id: 'ping', type: 'http', config: { method: 'GET', url: 'https://example.com/ping' } }],
    edges: [{ from: 'trigger', to: 'ping' }],
  },
  {
    name: 'lead_hook',
    trigger: { type: 'webhook', name: 'new-lead' },
    nodes: [{ id: 'make_company', type: 'create_record', config: { entity: 'company', values: { name: { $ref: 'trigger.company' } } } }],
    edges: [{ from: 'trigger', to: 'make_company' }],
  },
];

const APP: App = {
  name: 'full_app',
  label: { ru: 'Полное приложение', en: 'Full app' },
  settings: { timezone: 'Europe/Moscow', defaultLocale: 'ru', currency: 'RUB' },
  entities: ENTITIES,
  pipelines: [
    {
      name: 'sales',
      label: { ru: 'Продажи', en: 'Sales' },
      entity: 'deal',
      field: 'stage',
      stages: [
        { name: 'new', probability: 10, kind: 'open', transitions: ['qualified', 'lost'] },
        { name: 'qualified', probability: 40, kind: 'open', requiredFields: ['amount', 'company'] },
        { name: 'won', probability: 100, kind: 'won', requiredFields: ['close_date'] },
        { name: 'lost', probability: 0, kind: 'lost' },
      ],
    },
  ],
  roles: [
    { name: 'admin', admin: true, builder: true },
    {
      name: 'manager',
      entities: { deal: { create: 'own', read: 'own', update: 'own', delete: 'none' }, company: { read: 'all' } },
      fields: { deal: { weighted_amount: 'read', amount: 'write' } },
    },
    {
      name: 'head',
      entities: { deal: { create: 'all', read: 'subtree', update: 'subtree', delete: 'team', changeOwner: true } },
      sharing: [{ name: 'big_deals', entity: 'deal', access: ['read'], condition: { field: 'amount', op: 'gte', value: 500000 } }],
    },
  ],
  processes: [MAIN_PROCESS, ...OTHER_PROCESSES],
  views: [
    {
      name: 'open_deals',
      entity: 'deal',
      kind: 'list',
      columns: ['title', 'amount', 'company.city', 'owner', 'created_at'],
      filter: { and: [{ field: 'amount', op: 'gt', value: 0 }, { not: { field: 'stage', op: 'in', value: ['won', 'lost'] } }] },
      sort: [{ field: 'amount', dir: 'desc' }],
      roles: ['manager', 'head'],
    },
    { name: 'deal_board', entity: 'deal', kind: 'kanban', pipeline: 'sales' },
    { name: 'deal_calendar', entity: 'deal', kind: 'calendar', dateField: 'close_date' },
  ],
  forms: [
    {
      name: 'deal_form',
      entity: 'deal',
      sections: [
        { label: { ru: 'Основное', en: 'Main' }, columns: 2, fields: [{ field: 'title', span: 2 }, { field: 'amount' }, { field: 'stage' }, { field: 'owner' }] },
        {
          label: { en: 'Closing' },
          visibleWhen: { field: 'stage', op: 'in', value: ['qualified', 'won'] },
          fields: [{ field: 'close_date', requiredWhen: { field: 'stage', op: 'eq', value: 'won' } }, { field: 'contract', visibleWhen: { field: 'amount', op: 'gt', value: 0 } }],
        },
      ],
    },
  ],
};

/** A fresh, valid app definition using every field, trigger and node type. */
export function fullApp(): App {
  return structuredClone(APP);
}

/** The main process of fullApp() (big_deal), for tests that change it. */
export function mainProcess(app: App): Process {
  const process = app.processes?.[0];
  if (!process) throw new Error('fullApp() has no processes');
  return process;
}

/** The entity named `name` of `app`, for tests that change it. */
export function entityNamed(app: App, name: string): Entity {
  const entity = app.entities.find((e) => e.name === name);
  if (!entity) throw new Error(`fullApp() has no entity ${name}`);
  return entity;
}

/** The fixture with its manual process asking `inputs` at the start, and where that process sits. */
export function withStartForm(inputs: StartInput[]): { app: App; index: number } {
  const app = fullApp();
  const index = (app.processes ?? []).findIndex((p) => p.trigger.type === 'manual');
  const process = app.processes?.[index];
  if (!process || process.trigger.type !== 'manual') throw new Error('fixture has a manual process');
  process.trigger.inputs = inputs;
  return { app, index };
}
