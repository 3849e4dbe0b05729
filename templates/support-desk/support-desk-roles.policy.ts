import type { EntityPermission, FieldAccess, Role } from '@crm/schemas';
import { l } from './support-desk-entities.catalog.js';

/*
 * Who may do what on the desk. An agent works the tickets of their own line (first or second) and
 * changes only the ones they own; deadlines and escalation are set by the automations, so agents
 * read them but cannot move them. A team lead runs their line; the head of support sees every line
 * and owns the SLA policy. Customers and the knowledge base are shared by everyone.
 */

const everything: EntityPermission = { create: 'all', read: 'all', update: 'all', delete: 'all', changeOwner: true };

/** Deadlines and escalation are the automations' to set. */
const SLA_FIELDS_READ_ONLY: Record<string, FieldAccess> = { first_response_due: 'read', resolution_due: 'read', first_response_at: 'read', resolved_at: 'read', escalated: 'read', escalated_to: 'read' };

export const SUPPORT_ROLES: Role[] = [
  {
    name: 'support_agent',
    label: l('Специалист поддержки', 'Support agent'),
    description: l(
      'Видит обращения своей линии, меняет свои; клиентов и базу знаний видят все.',
      'Sees the tickets of their own line and changes their own; customers and the knowledge base are open to all.',
    ),
    entities: {
      customer: { create: 'all', read: 'all', update: 'all', delete: 'none' },
      sla_policy: { create: 'none', read: 'all', update: 'none', delete: 'none' },
      ticket: { create: 'all', read: 'team', update: 'own', delete: 'none', changeOwner: false },
      kb_article: { create: 'all', read: 'all', update: 'own', delete: 'none' },
      survey: { create: 'none', read: 'own', update: 'own', delete: 'none' },
    },
    fields: { ticket: SLA_FIELDS_READ_ONLY, survey: { reviewer: 'read' } },
  },
  {
    name: 'team_lead',
    label: l('Руководитель группы', 'Team lead'),
    description: l(
      'Руководит своей линией: все её обращения и оценки, передача обращений, эскалации.',
      'Runs their line: all its tickets and surveys, reassignment, escalations.',
    ),
    entities: {
      customer: { create: 'all', read: 'all', update: 'all', delete: 'team' },
      sla_policy: { create: 'none', read: 'all', update: 'none', delete: 'none' },
      ticket: { create: 'all', read: 'team', update: 'team', delete: 'none', changeOwner: true },
      kb_article: { create: 'all', read: 'all', update: 'all', delete: 'team' },
      survey: { create: 'none', read: 'team', update: 'team', delete: 'none' },
    },
    fields: { ticket: { first_response_due: 'read', resolution_due: 'read', first_response_at: 'read', resolved_at: 'read' } },
  },
  {
    name: 'support_head',
    label: l('Руководитель поддержки', 'Head of support'),
    description: l('Видит все линии, задаёт нормативы SLA.', 'Sees every line and sets the SLA policies.'),
    entities: {
      customer: everything,
      sla_policy: everything,
      ticket: { create: 'all', read: 'all', update: 'all', delete: 'subtree', changeOwner: true },
      kb_article: everything,
      survey: { create: 'all', read: 'all', update: 'all', delete: 'none', changeOwner: true },
    },
  },
  {
    name: 'admin',
    label: l('Администратор', 'Administrator'),
    admin: true,
    builder: true,
    entities: { customer: everything, sla_policy: everything, ticket: everything, kb_article: everything, survey: everything },
  },
];
