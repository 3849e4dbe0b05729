import type { TemplateBundle } from '@crm/schemas';
import { l, SUPPORT_ENTITIES, SUPPORT_PIPELINES } from './support-desk-entities.catalog.js';
import { SUPPORT_PROCESSES } from './support-desk-processes.catalog.js';
import { SUPPORT_ROLES } from './support-desk-roles.policy.js';
import { SUPPORT_DASHBOARDS, SUPPORT_FORMS, SUPPORT_VIEWS } from './support-desk-workspace.catalog.js';
import { generateSupportDemo } from './support-desk-demo.factory.js';

/* The whole support-desk template: the app definition and its seeded demo people and data. */

export function buildSupportDeskTemplate(): TemplateBundle {
  const demo = generateSupportDemo();
  return {
    name: 'support-desk',
    version: '1.0.0',
    label: l('Служба поддержки', 'Support desk'),
    description: l(
      'Обращения с приоритетами и SLA (сроки первого ответа и решения), эскалация руководителю группы, база знаний, оценка качества после закрытия, распределение входящих по очереди.',
      'Tickets with priorities and SLA (first response and resolution times), escalation to the team lead, a knowledge base, satisfaction surveys after closing, round-robin distribution of incoming requests.',
    ),
    app: {
      name: 'support_desk',
      label: l('Служба поддержки', 'Support desk'),
      settings: { timezone: 'Europe/Moscow', defaultLocale: 'ru', currency: 'RUB' },
      entities: SUPPORT_ENTITIES,
      pipelines: SUPPORT_PIPELINES,
      roles: SUPPORT_ROLES,
      processes: SUPPORT_PROCESSES,
      views: SUPPORT_VIEWS,
      forms: SUPPORT_FORMS,
      dashboards: SUPPORT_DASHBOARDS,
    },
    teams: demo.teams,
    users: demo.users,
    data: demo.data,
  };
}
