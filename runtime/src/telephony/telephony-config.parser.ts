import type { App, TelephonyConfig, TelephonyMatchRule as MatchRule } from '@crm/schemas';
import { BadRequestError, type ErrorDetail } from '../errors/index.js';

/*
 * What an integration does with a call, checked against the live definition when it is saved:
 *   match     entities searched by normalised phone, in order (first hit wins), each with the
 *             activity's and task's reference field that points at it;
 *   create    the entity a call from an unknown number creates (a lead), its phone field and values;
 *   activity  the timeline entry written for each finished or missed call;
 *   task      the call-back task of a missed call, assigned to the record's owner;
 *   clickToCallUrl  where click-to-call asks the PBX to connect an extension.
 * Values are text with {{from}} {{to}} {{number}} {{duration}} {{recordingUrl}} {{event}}
 * {{direction}} {{callId}}; the records service validates the result like any input.
 */

export type { MatchRule, TelephonyConfig };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function fieldDetail(path: string, message: string, messageRu: string): ErrorDetail {
  return { field: path, code: 'INVALID_TELEPHONY_CONFIG', message, message_ru: messageRu };
}

function checkFields(app: App, path: string, entity: string, fields: string[], problems: ErrorDetail[]): void {
  const found = app.entities.find((e) => e.name === entity);
  if (!found) {
    problems.push(fieldDetail(`${path}.entity`, `There is no entity "${entity}".`, `Сущности «${entity}» нет.`));
    return;
  }
  for (const name of fields) {
    if (!found.fields.some((f) => f.name === name)) problems.push(fieldDetail(path, `The entity "${entity}" has no field "${name}".`, `У сущности «${entity}» нет поля «${name}».`));
  }
}

export function parseTelephonyConfig(app: App, input: unknown): TelephonyConfig {
  const raw = isObject(input) ? input : {};
  const problems: ErrorDetail[] = [];
  const match: MatchRule[] = (Array.isArray(raw.match) ? raw.match : []).filter(isObject).map((m) => ({
    entity: String(m.entity ?? ''),
    phoneFields: Array.isArray(m.phoneFields) ? m.phoneFields.map(String) : [],
    ...(typeof m.activityLink === 'string' ? { activityLink: m.activityLink } : {}),
    ...(typeof m.taskLink === 'string' ? { taskLink: m.taskLink } : {}),
  }));
  if (match.length === 0) problems.push(fieldDetail('config.match', 'Name at least one entity to match callers by phone.', 'Укажите хотя бы одну сущность для поиска звонящего по телефону.'));
  const activityRaw = isObject(raw.activity) ? raw.activity : {};
  const activity = { entity: String(activityRaw.entity ?? ''), values: strings(activityRaw.values) };
  const create = isObject(raw.create) ? { entity: String(raw.create.entity ?? ''), phoneField: String(raw.create.phoneField ?? ''), values: strings(raw.create.values) } : null;
  const task = isObject(raw.task) ? { entity: String(raw.task.entity ?? ''), assigneeField: String(raw.task.assigneeField ?? ''), values: strings(raw.task.values) } : null;
  match.forEach((m, i) => checkFields(app, `config.match[${i}]`, m.entity, m.phoneFields, problems));
  checkFields(app, 'config.activity', activity.entity, [...Object.keys(activity.values), ...match.flatMap((m) => (m.activityLink ? [m.activityLink] : []))], problems);
  if (create) checkFields(app, 'config.create', create.entity, [create.phoneField, ...Object.keys(create.values)], problems);
  if (task) checkFields(app, 'config.task', task.entity, [task.assigneeField, ...Object.keys(task.values), ...match.flatMap((m) => (m.taskLink ? [m.taskLink] : []))], problems);
  const clickToCallUrl = typeof raw.clickToCallUrl === 'string' && raw.clickToCallUrl !== '' ? raw.clickToCallUrl : null;
  if (clickToCallUrl && !/^https?:\/\//i.test(clickToCallUrl)) problems.push(fieldDetail('config.clickToCallUrl', 'The PBX address must be an http(s) URL.', 'Адрес АТС должен быть URL http(s).'));
  if (problems.length > 0) throw BadRequestError.create(problems.length === 1 && problems[0] ? problems[0].message : `${problems.length} problems in the telephony configuration.`, problems);
  return { match, create, activity, task, clickToCallUrl };
}

/** Fills {{name}} placeholders from the call; unknown names become empty. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => vars[name] ?? '');
}
