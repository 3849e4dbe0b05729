import type { Entity, Pipeline, Stage } from '@crm/schemas';

/*
 * The support desk's records: customers, the tickets they raise, the SLA policy per priority that
 * the tickets' deadlines are computed from, knowledge-base articles and the satisfaction surveys
 * sent after a ticket is closed. Labels in ru and en everywhere: the admin picks the language.
 */

export const l = (ru: string, en: string): { ru: string; en: string } => ({ ru, en });

export const PRIORITY_OPTIONS = [
  { value: 'low', label: l('Низкий', 'Low'), color: '#9e9e9e' },
  { value: 'normal', label: l('Обычный', 'Normal'), color: '#2196f3' },
  { value: 'high', label: l('Высокий', 'High'), color: '#ff9800' },
  { value: 'critical', label: l('Критический', 'Critical'), color: '#f44336' },
];

/** The ticket's way from a new request to closed; resolving needs a resolution written down. */
export const TICKET_STAGES: Stage[] = [
  { name: 'new', label: l('Новое', 'New'), color: '#9e9e9e', kind: 'open', transitions: ['in_progress', 'waiting', 'resolved'] },
  { name: 'in_progress', label: l('В работе', 'In progress'), color: '#2196f3', kind: 'open', transitions: ['waiting', 'resolved'] },
  { name: 'waiting', label: l('Ждём клиента', 'Waiting for customer'), color: '#ff9800', kind: 'open', transitions: ['in_progress', 'resolved'] },
  { name: 'resolved', label: l('Решено', 'Resolved'), color: '#4caf50', kind: 'won', requiredFields: ['resolution'], transitions: ['in_progress', 'closed'] },
  { name: 'closed', label: l('Закрыто', 'Closed'), color: '#607d8b', kind: 'won', requiredFields: ['resolution'], transitions: [] },
];

const CATEGORY_OPTIONS = [
  { value: 'access', label: l('Доступ и учётные записи', 'Access and accounts') },
  { value: 'billing', label: l('Оплата и документы', 'Billing and documents') },
  { value: 'bug', label: l('Ошибка в работе сервиса', 'Service error') },
  { value: 'question', label: l('Вопрос по работе', 'How-to question') },
  { value: 'integration', label: l('Интеграции и API', 'Integrations and API') },
  { value: 'feature', label: l('Пожелание', 'Feature request') },
];

const customer: Entity = {
  name: 'customer',
  label: l('Клиент', 'Customer'),
  pluralLabel: l('Клиенты', 'Customers'),
  display: 'name',
  search: ['name', 'contact_person', 'email', 'city'],
  fields: [
    { name: 'name', type: 'text', label: l('Название', 'Name'), required: true, maxLength: 300 },
    { name: 'inn', type: 'text', label: l('ИНН', 'INN'), unique: true, pattern: '^(\\d{10}|\\d{12})$' },
    { name: 'contact_person', type: 'text', label: l('Контактное лицо', 'Contact person') },
    { name: 'email', type: 'email', label: l('Эл. почта', 'Email'), required: true, unique: true, indexed: true },
    { name: 'phone', type: 'phone', label: l('Телефон', 'Phone') },
    { name: 'city', type: 'text', label: l('Город', 'City') },
    {
      name: 'plan',
      type: 'enum',
      label: l('Тариф поддержки', 'Support plan'),
      default: 'standard',
      options: [
        { value: 'standard', label: l('Стандарт', 'Standard') },
        { value: 'business', label: l('Бизнес', 'Business') },
        { value: 'enterprise', label: l('Корпоративный', 'Enterprise') },
      ],
    },
    { name: 'tickets', type: 'relation', label: l('Обращения', 'Tickets'), target: 'ticket', cardinality: 'one-to-many', inverse: 'customer' },
  ],
};

const slaPolicy: Entity = {
  name: 'sla_policy',
  label: l('Норматив SLA', 'SLA policy'),
  pluralLabel: l('Нормативы SLA', 'SLA policies'),
  description: l(
    'Сроки первого ответа и решения для каждого приоритета; по ним считаются сроки каждого обращения.',
    'First response and resolution times per priority; every ticket’s deadlines are computed from them.',
  ),
  display: 'name',
  fields: [
    { name: 'name', type: 'text', label: l('Название', 'Name'), required: true },
    { name: 'priority', type: 'enum', label: l('Приоритет', 'Priority'), required: true, unique: true, options: PRIORITY_OPTIONS },
    { name: 'first_response_hours', type: 'integer', label: l('Первый ответ, часов', 'First response, hours'), required: true, min: 1, max: 720 },
    { name: 'resolution_hours', type: 'integer', label: l('Решение, часов', 'Resolution, hours'), required: true, min: 1, max: 2160 },
  ],
};

const ticket: Entity = {
  name: 'ticket',
  label: l('Обращение', 'Ticket'),
  pluralLabel: l('Обращения', 'Tickets'),
  display: 'subject',
  search: ['subject', 'description'],
  fields: [
    { name: 'subject', type: 'text', label: l('Тема', 'Subject'), required: true, maxLength: 300 },
    { name: 'description', type: 'longtext', label: l('Описание', 'Description') },
    { name: 'customer', type: 'relation', label: l('Клиент', 'Customer'), target: 'customer', required: true },
    {
      name: 'channel',
      type: 'enum',
      label: l('Канал', 'Channel'),
      default: 'email',
      options: [
        { value: 'email', label: l('Эл. почта', 'Email') },
        { value: 'phone', label: l('Телефон', 'Phone') },
        { value: 'portal', label: l('Личный кабинет', 'Customer portal') },
        { value: 'chat', label: l('Чат', 'Chat') },
      ],
    },
    { name: 'category', type: 'enum', label: l('Категория', 'Category'), options: CATEGORY_OPTIONS },
    { name: 'priority', type: 'enum', label: l('Приоритет', 'Priority'), required: true, default: 'normal', indexed: true, options: PRIORITY_OPTIONS },
    {
      name: 'status',
      type: 'enum',
      label: l('Статус', 'Status'),
      indexed: true,
      options: TICKET_STAGES.map((s) => ({ value: s.name, label: s.label, color: s.color })),
    },
    { name: 'first_response_due', type: 'datetime', label: l('Первый ответ до', 'First response due'), indexed: true },
    { name: 'resolution_due', type: 'datetime', label: l('Решить до', 'Resolution due'), indexed: true },
    { name: 'first_response_at', type: 'datetime', label: l('Первый ответ дан', 'First response at') },
    { name: 'resolved_at', type: 'datetime', label: l('Решено', 'Resolved at') },
    { name: 'resolution', type: 'longtext', label: l('Решение', 'Resolution') },
    { name: 'escalated', type: 'boolean', label: l('Эскалировано', 'Escalated'), default: false },
    { name: 'escalated_to', type: 'user', label: l('Эскалировано на', 'Escalated to') },
    { name: 'kb_article', type: 'relation', label: l('Статья базы знаний', 'Knowledge-base article'), target: 'kb_article' },
    { name: 'surveys', type: 'relation', label: l('Оценки', 'Surveys'), target: 'survey', cardinality: 'one-to-many', inverse: 'ticket' },
  ],
};

const kbArticle: Entity = {
  name: 'kb_article',
  label: l('Статья базы знаний', 'Knowledge-base article'),
  pluralLabel: l('База знаний', 'Knowledge base'),
  display: 'title',
  search: ['title', 'body', 'keywords'],
  fields: [
    { name: 'title', type: 'text', label: l('Заголовок', 'Title'), required: true, maxLength: 300 },
    { name: 'category', type: 'enum', label: l('Категория', 'Category'), options: CATEGORY_OPTIONS },
    { name: 'body', type: 'longtext', label: l('Текст', 'Body'), required: true },
    { name: 'keywords', type: 'text', label: l('Ключевые слова', 'Keywords') },
    {
      name: 'state',
      type: 'enum',
      label: l('Состояние', 'State'),
      default: 'draft',
      options: [
        { value: 'draft', label: l('Черновик', 'Draft') },
        { value: 'published', label: l('Опубликована', 'Published') },
        { value: 'archived', label: l('В архиве', 'Archived') },
      ],
    },
    { name: 'helpful_count', type: 'integer', label: l('Помогла, раз', 'Helped, times'), min: 0, default: 0 },
  ],
};

const survey: Entity = {
  name: 'survey',
  label: l('Оценка качества', 'Satisfaction survey'),
  pluralLabel: l('Оценки качества', 'Satisfaction surveys'),
  display: 'title',
  fields: [
    { name: 'title', type: 'text', label: l('Название', 'Title'), required: true },
    { name: 'ticket', type: 'relation', label: l('Обращение', 'Ticket'), target: 'ticket', required: true },
    { name: 'customer', type: 'relation', label: l('Клиент', 'Customer'), target: 'customer' },
    { name: 'rating', type: 'integer', label: l('Оценка (1–5)', 'Rating (1–5)'), min: 1, max: 5 },
    { name: 'comment', type: 'longtext', label: l('Комментарий клиента', 'Customer comment') },
    { name: 'answered_at', type: 'datetime', label: l('Ответ получен', 'Answered at') },
    { name: 'reviewer', type: 'user', label: l('Разбирает', 'Reviewed by'), description: l('Руководитель группы, которому ушла низкая оценка.', 'The team lead a low rating went to.') },
  ],
};

export const SUPPORT_ENTITIES: Entity[] = [customer, slaPolicy, ticket, kbArticle, survey];

export const SUPPORT_PIPELINES: Pipeline[] = [
  {
    name: 'ticket_flow',
    label: l('Обработка обращений', 'Ticket handling'),
    entity: 'ticket',
    field: 'status',
    stages: TICKET_STAGES,
  },
];
