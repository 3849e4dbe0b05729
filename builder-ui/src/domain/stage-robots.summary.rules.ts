import type { App, Entity, UiLocale } from '@crm/schemas';
import type { Robot } from './stage-robots.mapping.js';

/*
 * The one line a robot card shows ("Task for the owner: Call about …", "Wait 3 days"), in the
 * analyst's words: people as "the owner", "role Sales rep", fields by their labels. The words come
 * from the caller's translator (messages under pipelines.robots), so this stays pure and testable.
 */

export type Translate = (key: string, params?: Record<string, string | number>) => string;
export type TranslatePlural = (key: string, n: number) => string;

export interface SummaryContext {
  app: App;
  entity: string;
  locale: UiLocale;
  t: Translate;
  tn: TranslatePlural;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entityOf(ctx: SummaryContext): Entity | undefined {
  return ctx.app.entities.find((e) => e.name === ctx.entity);
}

export function fieldLabel(ctx: SummaryContext, name: string): string {
  const field = entityOf(ctx)?.fields.find((f) => f.name === name);
  return field?.label?.[ctx.locale] || name;
}

function roleLabel(ctx: SummaryContext, name: string): string {
  return ctx.app.roles?.find((r) => r.name === name)?.label?.[ctx.locale] || name;
}

/** A person value (a user, a list, a role, the owner, the owner's manager) in words. */
export function whoText(ctx: SummaryContext, who: unknown): string {
  if (Array.isArray(who)) return who.map((w) => whoText(ctx, w)).join(', ');
  if (who === 'owner-manager') return ctx.t('pipelines.robots.who.ownerManager');
  if (isObject(who) && who['$ref'] === 'record.owner') return ctx.t('pipelines.robots.who.owner');
  if (isObject(who) && typeof who['role'] === 'string') return ctx.t('pipelines.robots.who.role', { role: roleLabel(ctx, who['role']) });
  if (typeof who === 'string' && who !== '' && !who.includes('{{')) return who;
  return ctx.t('pipelines.robots.who.user');
}

/** A duration the lane writes ("P3D") as "3 days"; others as they are. */
export function durationWords(ctx: SummaryContext, duration: string): string {
  const days = /^P(\d+)D$/.exec(duration);
  return days?.[1] ? ctx.tn('pipelines.robots.summary.days', Number(days[1])) : duration;
}

function valueWords(ctx: SummaryContext, value: unknown): string {
  if (value === null || value === undefined || value === '') return ctx.t('pipelines.panel.empty');
  if (typeof value === 'boolean') return ctx.t(value ? 'pipelines.panel.yes' : 'pipelines.panel.no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** A text template with the record's fields named by their labels: "Call {{record.title}}" -> "Call «Title»". */
export function templateWords(ctx: SummaryContext, text: string): string {
  return text.replace(/\{\{\s*record\.([A-Za-z0-9_]+)\s*\}\}/g, (_, field: string) => `«${fieldLabel(ctx, field)}»`);
}

export function robotSummary(ctx: SummaryContext, robot: Robot): string {
  const { node } = robot;
  const t = ctx.t;
  switch (node.type) {
    case 'create_task':
      return node.config.assignee === undefined
        ? t('pipelines.robots.summary.taskOwner', { title: templateWords(ctx, node.config.title) })
        : t('pipelines.robots.summary.taskUser', { who: whoText(ctx, node.config.assignee), title: templateWords(ctx, node.config.title) });
    case 'notify':
      return t('pipelines.robots.summary.notify', { who: whoText(ctx, node.config.to), message: templateWords(ctx, node.config.message) });
    case 'assign': {
      const { strategy, role, user } = node.config;
      if ((strategy === 'role-round-robin' || strategy === 'role-least-loaded') && role) {
        return t('pipelines.robots.summary.assignRole', { role: roleLabel(ctx, role), how: t(`pipelines.robots.how.${strategy.slice('role-'.length)}`) });
      }
      if (strategy === 'user') return t('pipelines.robots.summary.assignUser', { who: whoText(ctx, user) });
      if (strategy === 'owner-manager') return t('pipelines.robots.summary.assignManager');
      return t('pipelines.robots.summary.assignOther');
    }
    case 'update_record': {
      const entries = Object.entries(node.config.values);
      const first = entries[0];
      if (!first) return t('pipelines.robots.summary.setNothing');
      const text = t('pipelines.robots.summary.setField', { field: fieldLabel(ctx, first[0]), value: valueWords(ctx, first[1]) });
      return entries.length > 1 ? `${text} …` : text;
    }
    case 'wait':
      if (node.config.duration !== undefined) return t('pipelines.robots.summary.waitFor', { duration: durationWords(ctx, node.config.duration) });
      if (node.config.untilField !== undefined) return t('pipelines.robots.summary.waitUntil', { field: fieldLabel(ctx, node.config.untilField) });
      return t('pipelines.robots.summary.waitOther');
    case 'approval':
      return t('pipelines.robots.summary.approval', { who: whoText(ctx, node.config.approvers) });
  }
}
