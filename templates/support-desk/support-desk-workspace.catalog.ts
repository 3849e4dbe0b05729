import type { Condition, Dashboard, Form, View } from '@crm/schemas';
import { l } from './support-desk-entities.catalog.js';

/* What agents and leads open every day: the ticket board, their queue, forms and the desk's dashboard. */

const OPEN: Condition = { field: 'status', op: 'nin', value: ['resolved', 'closed'] };

export const SUPPORT_VIEWS: View[] = [
  { name: 'tickets_board', label: l('Доска обращений', 'Ticket board'), entity: 'ticket', kind: 'kanban', pipeline: 'ticket_flow', columns: ['subject', 'priority', 'customer', 'owner', 'resolution_due'] },
  {
    name: 'my_queue',
    label: l('Моя очередь', 'My queue'),
    entity: 'ticket',
    columns: ['subject', 'priority', 'status', 'customer', 'first_response_due', 'resolution_due'],
    filter: { and: [{ field: 'owner', op: 'eq', value: '$user' }, OPEN] },
    sort: [{ field: 'resolution_due', dir: 'asc' }],
  },
  {
    name: 'tickets_all',
    label: l('Все обращения', 'All tickets'),
    entity: 'ticket',
    columns: ['subject', 'customer', 'priority', 'status', 'channel', 'category', 'owner', 'created_at'],
    sort: [{ field: 'created_at', dir: 'desc' }],
  },
  {
    name: 'tickets_overdue',
    label: l('Просроченные', 'Overdue'),
    entity: 'ticket',
    columns: ['subject', 'priority', 'owner', 'resolution_due', 'escalated'],
    filter: { and: [OPEN, { field: 'resolution_due', op: 'lt', value: '$now' }] },
    sort: [{ field: 'resolution_due', dir: 'asc' }],
  },
  {
    name: 'tickets_escalated',
    label: l('Эскалированные', 'Escalated'),
    entity: 'ticket',
    columns: ['subject', 'priority', 'owner', 'escalated_to', 'resolution_due'],
    filter: { and: [OPEN, { field: 'escalated', op: 'eq', value: true }] },
    sort: [{ field: 'resolution_due', dir: 'asc' }],
  },
  { name: 'tickets_calendar', label: l('Сроки решения', 'Resolution deadlines'), entity: 'ticket', kind: 'calendar', dateField: 'resolution_due', columns: ['subject', 'priority', 'owner'] },
  { name: 'customers_all', label: l('Клиенты', 'Customers'), entity: 'customer', columns: ['name', 'contact_person', 'email', 'phone', 'city', 'plan'], sort: [{ field: 'name' }] },
  { name: 'kb_published', label: l('База знаний', 'Knowledge base'), entity: 'kb_article', columns: ['title', 'category', 'helpful_count', 'updated_at'], filter: { field: 'state', op: 'eq', value: 'published' }, sort: [{ field: 'helpful_count', dir: 'desc' }] },
  { name: 'kb_by_state', label: l('Статьи по состоянию', 'Articles by state'), entity: 'kb_article', kind: 'kanban', groupBy: 'state', columns: ['title', 'category', 'owner'] },
  { name: 'surveys_all', label: l('Оценки качества', 'Satisfaction surveys'), entity: 'survey', columns: ['title', 'customer', 'rating', 'comment', 'answered_at'], sort: [{ field: 'created_at', dir: 'desc' }] },
  { name: 'sla_policies', label: l('Нормативы SLA', 'SLA policies'), entity: 'sla_policy', columns: ['name', 'priority', 'first_response_hours', 'resolution_hours'] },
];

export const SUPPORT_FORMS: Form[] = [
  {
    name: 'ticket_form',
    label: l('Обращение', 'Ticket'),
    entity: 'ticket',
    sections: [
      {
        label: l('Обращение', 'Ticket'),
        columns: 2,
        fields: [{ field: 'subject', span: 2 }, { field: 'customer' }, { field: 'channel' }, { field: 'category' }, { field: 'priority' }, { field: 'status' }, { field: 'kb_article' }, { field: 'description', span: 2 }],
      },
      {
        label: l('Решение', 'Resolution'),
        columns: 1,
        fields: [
          {
            field: 'resolution',
            visibleWhen: { field: 'status', op: 'in', value: ['in_progress', 'waiting', 'resolved', 'closed'] },
            requiredWhen: { field: 'status', op: 'in', value: ['resolved', 'closed'] },
          },
        ],
      },
      {
        label: l('SLA', 'SLA'),
        columns: 2,
        fields: [{ field: 'first_response_due' }, { field: 'first_response_at' }, { field: 'resolution_due' }, { field: 'resolved_at' }, { field: 'escalated' }, { field: 'escalated_to' }],
      },
    ],
  },
  {
    name: 'customer_form',
    label: l('Клиент', 'Customer'),
    entity: 'customer',
    sections: [{ columns: 2, fields: [{ field: 'name', span: 2 }, { field: 'inn' }, { field: 'plan' }, { field: 'contact_person' }, { field: 'email' }, { field: 'phone' }, { field: 'city' }] }],
  },
  {
    name: 'kb_article_form',
    label: l('Статья', 'Article'),
    entity: 'kb_article',
    sections: [{ columns: 2, fields: [{ field: 'title', span: 2 }, { field: 'category' }, { field: 'state' }, { field: 'keywords', span: 2 }, { field: 'body', span: 2 }] }],
  },
  {
    name: 'survey_form',
    label: l('Оценка', 'Survey'),
    entity: 'survey',
    sections: [{ columns: 2, fields: [{ field: 'title', span: 2 }, { field: 'ticket' }, { field: 'customer' }, { field: 'rating' }, { field: 'answered_at' }, { field: 'comment', span: 2 }] }],
  },
  {
    name: 'sla_policy_form',
    label: l('Норматив SLA', 'SLA policy'),
    entity: 'sla_policy',
    sections: [{ columns: 2, fields: [{ field: 'name', span: 2 }, { field: 'priority' }, { field: 'first_response_hours' }, { field: 'resolution_hours' }] }],
  },
];

export const SUPPORT_DASHBOARDS: Dashboard[] = [
  {
    name: 'desk_overview',
    label: l('Служба поддержки', 'Support desk'),
    widgets: [
      { name: 'open_tickets', label: l('Открытые обращения', 'Open tickets'), kind: 'figure', entity: 'ticket', filter: OPEN, size: 'quarter' },
      { name: 'escalated_tickets', label: l('Эскалировано', 'Escalated'), kind: 'figure', entity: 'ticket', filter: { and: [OPEN, { field: 'escalated', op: 'eq', value: true }] }, size: 'quarter' },
      { name: 'overdue_tickets', label: l('Просрочено', 'Overdue'), kind: 'figure', entity: 'ticket', filter: { and: [OPEN, { field: 'resolution_due', op: 'lt', value: '$now' }] }, size: 'quarter' },
      { name: 'csat', label: l('Средняя оценка', 'Average rating'), kind: 'figure', entity: 'survey', metric: { op: 'avg', field: 'rating' }, size: 'quarter' },
      { name: 'ticket_funnel', label: l('Обращения по статусам', 'Tickets by status'), kind: 'funnel', entity: 'ticket', pipeline: 'ticket_flow', size: 'half' },
      { name: 'by_priority', label: l('Открытые по приоритету', 'Open by priority'), kind: 'bar', entity: 'ticket', groupBy: 'priority', filter: OPEN, size: 'half' },
      { name: 'by_category', label: l('По категориям', 'By category'), kind: 'pie', entity: 'ticket', groupBy: 'category', size: 'half' },
      { name: 'by_agent', label: l('Открытые по специалистам', 'Open by agent'), kind: 'bar', entity: 'ticket', groupBy: 'owner', filter: OPEN, size: 'half' },
      {
        name: 'next_deadlines',
        label: l('Ближайшие сроки', 'Next deadlines'),
        kind: 'table',
        entity: 'ticket',
        filter: OPEN,
        fields: ['subject', 'priority', 'owner', 'resolution_due'],
        sort: [{ field: 'resolution_due', dir: 'asc' }],
        limit: 10,
        size: 'full',
      },
    ],
  },
  {
    name: 'my_desk',
    label: l('Моя работа', 'My work'),
    roles: ['support_agent', 'team_lead'],
    widgets: [
      { name: 'my_open', label: l('Мои открытые', 'My open tickets'), kind: 'figure', entity: 'ticket', filter: { and: [{ field: 'owner', op: 'eq', value: '$user' }, OPEN] }, size: 'third' },
      { name: 'my_escalated', label: l('Мои эскалированные', 'My escalated'), kind: 'figure', entity: 'ticket', filter: { and: [{ field: 'owner', op: 'eq', value: '$user' }, OPEN, { field: 'escalated', op: 'eq', value: true }] }, size: 'third' },
      { name: 'my_resolved_week', label: l('Решено за неделю', 'Resolved this week'), kind: 'figure', entity: 'ticket', filter: { and: [{ field: 'owner', op: 'eq', value: '$user' }, { field: 'status', op: 'in', value: ['resolved', 'closed'] }] }, period: { field: 'resolved_at', range: 'this_week' }, size: 'third' },
      {
        name: 'my_deadlines',
        label: l('Мои ближайшие сроки', 'My next deadlines'),
        kind: 'table',
        entity: 'ticket',
        filter: { and: [{ field: 'owner', op: 'eq', value: '$user' }, OPEN] },
        fields: ['subject', 'priority', 'status', 'first_response_due', 'resolution_due'],
        sort: [{ field: 'resolution_due', dir: 'asc' }],
        limit: 10,
        size: 'full',
      },
    ],
  },
];
