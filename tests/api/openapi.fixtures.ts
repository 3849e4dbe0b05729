import type { App, Entity } from '@crm/schemas';

/*
 * A small sales CRM for the API description test: companies and deals with a money amount, a
 * priority enum, a formula, a relation, and a `margin` the sales rep role may not see; `rep` reads
 * deals but never companies. `withTicket` adds an entity, as a later publish would.
 */

const TICKET: Entity = {
  name: 'ticket',
  label: { en: 'Ticket', ru: 'Обращение' },
  fields: [
    { name: 'subject', type: 'text', required: true },
    { name: 'urgent', type: 'boolean' },
  ],
  display: 'subject',
};

export function openapiTestApp(): App {
  return {
    name: 'openapi_test',
    settings: { timezone: 'Europe/Moscow' },
    entities: [
      {
        name: 'company',
        label: { en: 'Company', ru: 'Компания' },
        fields: [
          { name: 'name', type: 'text', required: true },
          { name: 'city', type: 'text' },
        ],
        display: 'name',
      },
      {
        name: 'deal',
        label: { en: 'Deal', ru: 'Сделка' },
        fields: [
          { name: 'title', type: 'text', required: true },
          { name: 'amount', type: 'money' },
          { name: 'priority', type: 'enum', options: [{ value: 'low' }, { value: 'normal' }, { value: 'high' }] },
          { name: 'probability', type: 'percent', default: 10 },
          { name: 'weighted', type: 'formula', expression: 'amount * probability / 100', resultType: 'number' },
          { name: 'company', type: 'relation', target: 'company' },
          { name: 'margin', type: 'money' },
        ],
        display: 'title',
        search: ['title'],
      },
      // Named like system endpoints and schemas (GET /api/tasks/{id}, the people schemas): their
      // operation and component names must not collide.
      { name: 'task', label: { en: 'Task', ru: 'Задача' }, fields: [{ name: 'subject', type: 'text', required: true }], display: 'subject' },
      { name: 'user', label: { en: 'User card', ru: 'Карточка пользователя' }, fields: [{ name: 'nickname', type: 'text' }], display: 'nickname' },
    ],
    roles: [
      {
        name: 'rep',
        entities: { deal: { create: 'all', read: 'own', update: 'own', delete: 'none' }, company: { read: 'none' } },
        fields: { deal: { margin: 'hidden' } },
      },
    ],
  };
}

export function withTicket(app: App): App {
  return { ...app, entities: [...app.entities, TICKET] };
}
