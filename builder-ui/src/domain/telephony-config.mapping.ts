import type { ApiErrorDetail, App, Entity, UiLocale } from '@crm/schemas';
import { taskEntities } from './task-entities.rules.js';
import type { MatchRule, TelephonyConfig } from '../api/telephony.api.js';
import { detailMessage } from './api-error.mapping.js';

/*
 * The Telephony section's pure logic: a first configuration guessed from the live definition (who
 * has phones, where calls and call-back tasks go), the link fields a match rule needs, the runtime's
 * error details put on the form's own fields, and what the PBX admin is handed (event URL, curl).
 */

export type TelephonyFormField = 'name' | 'match' | 'create' | 'activity' | 'task' | 'clickToCallUrl';
const FORM_FIELDS: readonly TelephonyFormField[] = ['name', 'match', 'create', 'activity', 'task', 'clickToCallUrl'];

export function phoneFieldsOf(entity: Entity | undefined): string[] {
  return (entity?.fields ?? []).filter((f) => f.type === 'phone').map((f) => f.name);
}

/** The many-to-one relation field of `from` that points at `target` (a call's activity -> its contact). */
export function linkFieldTo(app: App, from: string, target: string): string | undefined {
  const entity = app.entities.find((e) => e.name === from);
  return entity?.fields.find((f) => f.type === 'relation' && f.target === target && (f.cardinality ?? 'many-to-one') === 'many-to-one')?.name;
}

/** A match rule for `entity` with every phone field and the activity's and task's links to it. */
export function matchRuleFor(app: App, entity: string, activityEntity: string, taskEntity: string | undefined): MatchRule {
  const rule: MatchRule = { entity, phoneFields: phoneFieldsOf(app.entities.find((e) => e.name === entity)) };
  const activityLink = linkFieldTo(app, activityEntity, entity);
  const taskLink = taskEntity ? linkFieldTo(app, taskEntity, entity) : undefined;
  if (activityLink) rule.activityLink = activityLink;
  if (taskLink) rule.taskLink = taskLink;
  return rule;
}

/**
 * The words a call writes into records (a new caller's name, the activity's subject, the
 * call-back task) are stored record text, so they are in the app's default language (its
 * definition's settings.defaultLocale), not the builder's: every reader of the app sees them.
 */
const RECORD_TEXT: Record<UiLocale, { call: string; callFrom: string; callBack: string }> = {
  ru: { call: 'Звонок {{number}}', callFrom: 'Звонок {{from}} → {{to}}', callBack: 'Перезвонить {{number}}' },
  en: { call: 'Call {{number}}', callFrom: 'Call {{from}} → {{to}}', callBack: 'Call back {{number}}' },
};

/** The language stored record text is written in: the app's default locale (Russian when unset). */
export function recordTextLocale(app: Pick<App, 'settings'>): UiLocale {
  return app.settings?.defaultLocale === 'en' ? 'en' : 'ru';
}

function entityNamed(app: App, names: readonly string[]): Entity | undefined {
  return names.map((n) => app.entities.find((e) => e.name === n)).find((e) => e !== undefined);
}

/** Values a new caller's record needs: its required text fields, the title one saying it came from a call. */
export function newCallerValues(entity: Entity, locale: UiLocale): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of entity.fields) {
    if (field.required && field.type === 'text') values[field.name] = field.name === entity.display ? RECORD_TEXT[locale].call : '{{number}}';
  }
  return values;
}

/** What a call writes on the timeline: the "call" kind when the entity has one, a subject, the talk time and recording. */
export function activityValues(entity: Entity, locale: UiLocale): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of entity.fields) {
    if (field.type === 'enum' && (field.options ?? []).some((o) => o.value === 'call')) values[field.name] = 'call';
    else if (field.type === 'boolean' && field.name === 'done') values[field.name] = 'true';
  }
  const title = entity.fields.find((f) => f.name === entity.display && f.type === 'text') ?? entity.fields.find((f) => f.type === 'text');
  if (title) values[title.name] = RECORD_TEXT[locale].callFrom;
  // No notes text: the timeline shows a call's direction, result, talk time and recording from the
  // call itself, in the reader's language; a notes line repeated it in Russian only.
  return values;
}

/**
 * The first configuration of a new integration: callers looked up among entities with phones
 * (contacts before companies), unknown numbers becoming a lead (else a contact), calls written as
 * activities and a missed call's task assigned through the task's first person field; the texts in
 * the app's default language.
 */
export function defaultTelephonyConfig(app: App): TelephonyConfig {
  const activity = entityNamed(app, ['activity', 'activities', 'call', 'calls']) ?? app.entities[0];
  // The entity My work lists as tasks (a view assigns it to "$user"), whatever its name; else one named so.
  const derived = taskEntities(app)[0];
  const task = app.entities.find((e) => e.name === derived?.entity) ?? entityNamed(app, ['task', 'tasks']);
  const withPhones = app.entities.filter((e) => phoneFieldsOf(e).length > 0 && e !== activity);
  const order = ['contact', 'client', 'customer', 'company', 'lead'];
  const rank = (e: Entity) => (order.includes(e.name) ? order.indexOf(e.name) : order.length);
  const matched = [...withPhones].sort((a, b) => rank(a) - rank(b));
  const activityName = activity?.name ?? '';
  const assignee = task?.fields.find((f) => f.type === 'user' && (task.name !== derived?.entity || f.name === derived.assigneeField));
  const newCaller = entityNamed(app, ['lead', 'leads']) ?? matched[0];
  const newCallerPhone = phoneFieldsOf(newCaller)[0];
  const locale = recordTextLocale(app);
  return {
    match: matched.map((e) => matchRuleFor(app, e.name, activityName, task?.name)),
    create: newCaller && newCallerPhone ? { entity: newCaller.name, phoneField: newCallerPhone, values: newCallerValues(newCaller, locale) } : null,
    activity: { entity: activityName, values: activity ? activityValues(activity, locale) : {} },
    task: task && assignee ? { entity: task.name, assigneeField: assignee.name, values: { [task.display ?? 'title']: RECORD_TEXT[locale].callBack } } : null,
    clickToCallUrl: null,
  };
}

/** "config.match[0].entity" -> "match": the form shows each detail by the part of the config it is about. */
export function formFieldOf(path: string | undefined): TelephonyFormField | undefined {
  const head = (path ?? '').replace(/^config\./, '').split(/[.[]/)[0];
  return FORM_FIELDS.find((f) => f === head);
}

/** Every message per form field (a config can be wrong in several places), and those that belong to no field. */
export function telephonyErrors(details: readonly ApiErrorDetail[], locale: UiLocale): { fields: Partial<Record<TelephonyFormField, string>>; form: string[] } {
  const fields: Partial<Record<TelephonyFormField, string>> = {};
  const form: string[] = [];
  for (const detail of details) {
    const message = detailMessage(detail, locale);
    if (!message) continue;
    const field = formFieldOf(detail.field);
    if (!field) form.push(message);
    else fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
  }
  return { fields, form };
}

/** Where the PBX posts its events. */
export function eventUrl(origin: string, name: string): string {
  return `${origin.replace(/\/$/, '')}/api/telephony/${encodeURIComponent(name)}/events`;
}

/** A call event the PBX admin can paste into a shell to try the integration. */
export function curlExample(url: string, secret: string): string {
  const body = JSON.stringify({ callId: 'test-1', event: 'ended', from: '+79161234567', to: '101', duration: 42 });
  return `curl -X POST '${url}' \\\n  -H 'Authorization: Bearer ${secret}' \\\n  -H 'Content-Type: application/json' \\\n  -d '${body}'`;
}
