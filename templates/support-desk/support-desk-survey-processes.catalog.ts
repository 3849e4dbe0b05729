import type { Process } from '@crm/schemas';
import { l } from './support-desk-entities.catalog.js';

/*
 * Customer satisfaction after closing: closing a ticket creates a survey and emails the customer;
 * the answer comes back through the csat-reply webhook; a rating is given once and only for a
 * resolved ticket (the trade rule, refused before save); a rating of 1 or 2 goes to the team lead.
 */

const at = (x: number, y = 0): { x: number; y: number } => ({ x, y });

const CUSTOMER_SCRIPT = `const customer = record.customer ? await api.getRecord('customer', record.customer) : null;
return { email: customer?.email ?? '', name: customer?.contact_person ?? customer?.name ?? '' };`;

const satisfactionSurvey: Process = {
  name: 'satisfaction_survey',
  label: l('Опрос удовлетворённости после закрытия', 'Satisfaction survey after closing'),
  description: l(
    'Когда обращение закрыто, создаёт анкету оценки и отправляет клиенту письмо с просьбой оценить помощь.',
    'When a ticket is closed, creates a survey and emails the customer asking to rate the help.',
  ),
  trigger: { type: 'stage', entity: 'ticket', pipeline: 'ticket_flow', stage: 'closed', onCreate: false },
  nodes: [
    {
      id: 'customer_of',
      type: 'script',
      label: l('Контакт клиента', 'Customer contact'),
      position: at(240),
      config: {
        language: 'javascript',
        source: CUSTOMER_SCRIPT,
        output: { type: 'object', properties: { email: { type: 'string' }, name: { type: 'string' } }, required: ['email', 'name'] },
      },
    },
    {
      id: 'survey',
      type: 'create_record',
      label: l('Создать анкету', 'Create the survey'),
      position: at(480),
      config: { entity: 'survey', values: { title: 'Оценка: {{record.subject}}', ticket: { $ref: 'record.id' }, customer: { $ref: 'record.customer' } } },
    },
    {
      id: 'ask',
      type: 'email',
      label: l('Письмо клиенту', 'Email the customer'),
      position: at(720),
      config: {
        to: { $ref: 'steps.customer_of.email' },
        subject: 'Оцените, пожалуйста, решение обращения «{{record.subject}}»',
        body: 'Здравствуйте, {{steps.customer_of.name}}!\n\nВаше обращение «{{record.subject}}» закрыто. Решение: {{record.resolution}}\n\nОцените, пожалуйста, нашу помощь от 1 до 5 — это займёт минуту. Номер анкеты: {{steps.survey.id}}.\n\nСлужба поддержки',
      },
    },
    { id: 'done', type: 'end', position: at(960) },
  ],
  edges: [
    { from: 'trigger', to: 'customer_of' },
    { from: 'customer_of', to: 'survey' },
    { from: 'survey', to: 'ask' },
    { from: 'ask', to: 'done' },
  ],
};

const csatReply: Process = {
  name: 'csat_reply',
  label: l('Ответ клиента на опрос', 'Customer’s survey answer'),
  description: l(
    'Принимает оценку из формы опроса (вебхук csat-reply) и записывает её в анкету.',
    'Takes the rating from the survey form (webhook csat-reply) and writes it into the survey.',
  ),
  trigger: {
    type: 'webhook',
    name: 'csat-reply',
    secret: 'csat-demo-secret-change-me',
    schema: {
      type: 'object',
      properties: { survey: { type: 'string', pattern: '^[0-9a-f-]{36}$' }, rating: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 2000 } },
      required: ['survey', 'rating'],
    },
  },
  nodes: [
    {
      id: 'save_rating',
      type: 'update_record',
      label: l('Записать оценку', 'Save the rating'),
      position: at(240),
      config: {
        target: { entity: 'survey', id: { $ref: 'trigger.body.survey' } },
        values: { rating: { $ref: 'trigger.body.rating' }, comment: { $ref: 'trigger.body.comment' }, answered_at: { $ref: '$now' } },
      },
    },
    { id: 'done', type: 'end', position: at(480) },
  ],
  edges: [
    { from: 'trigger', to: 'save_rating' },
    { from: 'save_rating', to: 'done' },
  ],
};

/**
 * Trade rule: a survey is rated once, and only for a ticket that was actually resolved or closed.
 * Two conditions and two failed end nodes: the save is refused and the person reads the end node's
 * words (ru/en) next to the field at fault.
 */
const ratingOnce: Process = {
  name: 'rating_once',
  label: l('Оценка — один раз и после решения', 'Rated once, after resolution'),
  description: l(
    'Не даёт изменить уже полученную оценку и оценить нерешённое обращение.',
    'Refuses to change a rating once given, or to rate a ticket that is not resolved.',
  ),
  mode: 'before-save',
  trigger: { type: 'record', entity: 'survey', on: ['create', 'update'], condition: { field: 'rating', op: 'changed' } },
  nodes: [
    {
      id: 'already_rated',
      type: 'condition',
      label: l('Оценка уже была?', 'Rated before?'),
      position: at(240),
      config: { condition: { field: 'trigger.before.rating', op: 'isNotEmpty' } },
    },
    {
      id: 'ticket_done',
      type: 'condition',
      label: l('Обращение решено?', 'Ticket resolved?'),
      position: at(480),
      config: { condition: { field: 'ticket.status', op: 'in', value: ['resolved', 'closed'] } },
    },
    {
      id: 'refuse_changed',
      type: 'end',
      label: l('Отказ: оценка уже есть', 'Refuse: already rated'),
      position: at(480, -160),
      config: { status: 'failed', message: l('Оценка уже получена, изменить её нельзя', 'The rating was already given and cannot be changed'), field: 'rating' },
    },
    {
      id: 'refuse_unresolved',
      type: 'end',
      label: l('Отказ: обращение не решено', 'Refuse: not resolved'),
      position: at(720, 160),
      config: { status: 'failed', message: l('Оценить можно только решённое или закрытое обращение', 'Only a resolved or closed ticket can be rated'), field: 'ticket' },
    },
    { id: 'done', type: 'end', position: at(720) },
  ],
  edges: [
    { from: 'trigger', to: 'already_rated' },
    { from: 'already_rated', to: 'refuse_changed', handle: 'true' },
    { from: 'already_rated', to: 'ticket_done', handle: 'false' },
    { from: 'ticket_done', to: 'done', handle: 'true' },
    { from: 'ticket_done', to: 'refuse_unresolved', handle: 'false' },
  ],
};

const lowRating: Process = {
  name: 'low_rating_review',
  label: l('Разбор низкой оценки', 'Review a low rating'),
  description: l(
    'Оценка 1 или 2 уходит руководителю группы сотрудника, закрывшего обращение: задача разобрать случай и связаться с клиентом.',
    'A rating of 1 or 2 goes to the team lead of whoever closed the ticket: a task to review the case and call the customer.',
  ),
  trigger: {
    type: 'record',
    entity: 'survey',
    on: ['update'],
    condition: { and: [{ field: 'rating', op: 'changed' }, { field: 'rating', op: 'lte', value: 2 }] },
  },
  nodes: [
    { id: 'to_lead', type: 'assign', label: l('Руководитель группы', 'The team lead'), position: at(240), config: { strategy: 'owner-manager', field: 'reviewer' } },
    {
      id: 'review_task',
      type: 'create_task',
      label: l('Задача на разбор', 'Review task'),
      position: at(480),
      config: {
        title: 'Низкая оценка ({{record.rating}}): {{record.title}} / Low rating',
        description: 'Комментарий клиента: {{record.comment}}',
        assignee: { $ref: 'steps.to_lead.assigned.id' },
        due: 'P1D',
        reminder: 'PT2H',
      },
    },
    { id: 'done', type: 'end', position: at(720) },
  ],
  edges: [
    { from: 'trigger', to: 'to_lead' },
    { from: 'to_lead', to: 'review_task' },
    { from: 'review_task', to: 'done' },
  ],
};

export const SURVEY_PROCESSES: Process[] = [satisfactionSurvey, csatReply, ratingOnce, lowRating];
