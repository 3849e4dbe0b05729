import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { FieldProblems, isUuid, readClosedBody } from '../people/body-fields.reader.js';
import { findUserById } from '../people/users.repository.js';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { generateSecret } from './webhook-signature.signer.js';
import type { NewSubscription, SubscriptionChanges } from './webhook-subscription.store.js';
import { checkWebhookUrl, type UrlCheckOptions, type UrlVerdict } from './webhook-url.checker.js';
import { WEBHOOK_EVENTS, isWebhookEvent, type SubscriptionRow, type WebhookEvent } from './webhook.types.js';

/*
 * Request bodies of /api/webhooks, checked field by field so one 400 names every wrong field (with
 * en and ru messages). Bodies are closed: an unknown key is refused, not ignored.
 */

export interface ParseContext {
  knex: Knex;
  definitions: LiveDefinitionSource;
  actorId: string;
  /** The caller's API-token roles (null for a session): they narrow the owner when the caller owns it. */
  actorRoleLimit: readonly string[] | null;
  url: UrlCheckOptions;
}

/**
 * A token that makes itself the owner must not deliver more than it may read: the token's roles
 * go with the owner. Another owner is one the token (an admin's) might name anyway: their own roles.
 */
function ownerRoleLimit(ownerId: string, ctx: ParseContext): readonly string[] | null {
  return ownerId === ctx.actorId ? ctx.actorRoleLimit : null;
}

const CREATE_KEYS = ['name', 'url', 'entity', 'events', 'fields', 'secret', 'active', 'owner'];
const PATCH_KEYS = [...CREATE_KEYS, 'rotateSecret'];
// Printable ASCII: the secret is typed into receivers' configuration.
const SECRET = /^[\x21-\x7e]{16,256}$/;

const URL_MESSAGES: Record<Exclude<UrlVerdict, { ok: true }>['code'], { en: string; ru: string }> = {
  INVALID_URL: { en: 'url must be an absolute http or https URL', ru: 'url — абсолютный адрес http или https' },
  SCHEME_NOT_ALLOWED: { en: 'url must use http or https', ru: 'url должен начинаться с http:// или https://' },
  URL_CREDENTIALS: {
    en: 'url must not contain a user name or password; deliveries are authenticated by their signature',
    ru: 'url не должен содержать имя пользователя или пароль: доставки подтверждаются подписью',
  },
  BLOCKED_ADDRESS: {
    en: 'url points to a loopback, private, link-local or cloud metadata address, which webhooks may not reach; an admin can allow-list the host in PUT /api/settings/outbound',
    ru: 'url указывает на локальный, частный, link-local адрес или адрес метаданных облака, куда вебхуки не отправляются; администратор может разрешить хост в PUT /api/settings/outbound',
  },
};

function checkName(value: unknown, problems: FieldProblems): string | undefined {
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 200) return value.trim();
  problems.add('name', 'INVALID_NAME', 'name must be text of 1 to 200 characters.', 'name — текст длиной от 1 до 200 символов.');
  return undefined;
}

async function checkUrl(value: unknown, options: UrlCheckOptions, problems: FieldProblems): Promise<string | undefined> {
  const verdict = await checkWebhookUrl(value, options);
  if (verdict.ok) return verdict.url;
  const text = URL_MESSAGES[verdict.code];
  problems.list.push({ field: 'url', code: verdict.code, message: `${text.en} (${verdict.reason}).`, message_ru: `${text.ru} (${verdict.reason}).`, reason: verdict.reason });
  return undefined;
}

function checkEntity(value: unknown, app: App | undefined, problems: FieldProblems): string | undefined {
  if (typeof value === 'string' && app?.entities.some((e) => e.name === value)) return value;
  problems.add('entity', 'UNKNOWN_ENTITY', 'entity must name an entity of the live definition.', 'entity — название сущности из опубликованного определения.');
  return undefined;
}

function checkEvents(value: unknown, problems: FieldProblems): WebhookEvent[] | undefined {
  if (Array.isArray(value) && value.length > 0 && value.every(isWebhookEvent)) return WEBHOOK_EVENTS.filter((e) => value.includes(e));
  problems.add('events', 'INVALID_EVENTS', `events must be a non-empty list of ${WEBHOOK_EVENTS.join(', ')}.`, `events — непустой список из ${WEBHOOK_EVENTS.join(', ')}.`);
  return undefined;
}

/** null: every field the owner may read. */
function checkFields(value: unknown, entity: string | undefined, app: App | undefined, problems: FieldProblems): string[] | null | undefined {
  if (value === null || value === undefined) return null;
  const known = new Set(['owner', ...(app?.entities.find((e) => e.name === entity)?.fields.map((f) => f.name) ?? [])]);
  if (!Array.isArray(value) || value.length === 0 || !value.every((f): f is string => typeof f === 'string')) {
    problems.add('fields', 'INVALID_FIELDS', 'fields must be a non-empty list of field names, or null for all fields.', 'fields — непустой список полей или null для всех полей.');
    return undefined;
  }
  const unknown = value.filter((f) => !known.has(f));
  if (entity !== undefined && unknown.length > 0) {
    problems.list.push({
      field: 'fields',
      code: 'UNKNOWN_FIELD',
      value: unknown,
      message: `The entity ${entity} has no field ${unknown.join(', ')}.`,
      message_ru: `У сущности ${entity} нет поля ${unknown.join(', ')}.`,
    });
    return undefined;
  }
  return [...new Set(value)];
}

function checkSecret(value: unknown, problems: FieldProblems): string | undefined {
  if (typeof value === 'string' && SECRET.test(value)) return value;
  problems.add('secret', 'INVALID_SECRET', 'secret must be 16 to 256 printable ASCII characters.', 'secret — от 16 до 256 печатных символов ASCII.');
  return undefined;
}

function checkActive(value: unknown, problems: FieldProblems): boolean | undefined {
  if (typeof value === 'boolean') return value;
  problems.add('active', 'INVALID_ACTIVE', 'active must be true or false.', 'active — true или false.');
  return undefined;
}

async function checkOwner(knex: Knex, value: unknown, problems: FieldProblems): Promise<string | undefined> {
  const row = isUuid(value) ? await findUserById(knex, value) : undefined;
  if (row && !row.disabled) return row.id;
  problems.add('owner', 'UNKNOWN_USER', 'owner must be the id of an active user.', 'owner — идентификатор действующего пользователя.');
  return undefined;
}

export interface ParsedNewSubscription {
  input: NewSubscription;
  /** True when the secret was made here: the 201 shows it once. */
  generatedSecret: boolean;
}

export async function parseNewSubscription(body: unknown, ctx: ParseContext): Promise<ParsedNewSubscription> {
  const values = readClosedBody(body, CREATE_KEYS);
  const problems = new FieldProblems();
  const app = (await ctx.definitions.getLive(ctx.knex))?.app;
  const name = checkName(values['name'], problems);
  const url = await checkUrl(values['url'], ctx.url, problems);
  const entity = checkEntity(values['entity'], app, problems);
  const events = checkEvents(values['events'], problems);
  const fields = checkFields(values['fields'], entity, app, problems);
  const secret = values['secret'] === undefined ? generateSecret() : checkSecret(values['secret'], problems);
  const active = values['active'] === undefined ? true : checkActive(values['active'], problems);
  const ownerId = values['owner'] === undefined ? ctx.actorId : await checkOwner(ctx.knex, values['owner'], problems);
  problems.throwIfAny('The webhook subscription is not valid.');
  if (name === undefined || url === undefined || entity === undefined || events === undefined || fields === undefined || secret === undefined || active === undefined || ownerId === undefined) {
    throw new Error('webhook subscription checks passed with a value missing');
  }
  return {
    input: { name, url, entity, events, fields, secret, ownerId, ownerRoleLimit: ownerRoleLimit(ownerId, ctx), active, createdBy: ctx.actorId },
    generatedSecret: values['secret'] === undefined,
  };
}

export interface ParsedChanges {
  changes: SubscriptionChanges;
  /** A secret made here (rotateSecret): the answer shows it once. */
  newSecret: string | null;
}

export async function parseSubscriptionChanges(body: unknown, current: SubscriptionRow, ctx: ParseContext): Promise<ParsedChanges> {
  const values = readClosedBody(body, PATCH_KEYS);
  const problems = new FieldProblems();
  const app = (await ctx.definitions.getLive(ctx.knex))?.app;
  const changes: SubscriptionChanges = {};
  if ('name' in values) changes.name = checkName(values['name'], problems);
  if ('url' in values) changes.url = await checkUrl(values['url'], ctx.url, problems);
  if ('entity' in values) changes.entity = checkEntity(values['entity'], app, problems);
  if ('events' in values) changes.events = checkEvents(values['events'], problems);
  // Listed fields must exist on the entity the subscription ends up with.
  if ('fields' in values) {
    const fields = checkFields(values['fields'], changes.entity ?? current.entity, app, problems);
    if (fields !== undefined) changes.fields = fields;
  } else if (changes.entity !== undefined && current.fields !== null) {
    const fields = checkFields(current.fields, changes.entity, app, problems);
    if (fields !== undefined) changes.fields = fields;
  }
  if ('active' in values) changes.active = checkActive(values['active'], problems);
  if ('owner' in values) {
    changes.ownerId = await checkOwner(ctx.knex, values['owner'], problems);
    if (changes.ownerId !== undefined) changes.ownerRoleLimit = ownerRoleLimit(changes.ownerId, ctx);
  }
  let newSecret: string | null = null;
  const rotate = values['rotateSecret'];
  if (rotate !== undefined && typeof rotate !== 'boolean') {
    problems.add('rotateSecret', 'INVALID_ROTATE', 'rotateSecret must be true or false.', 'rotateSecret — true или false.');
  }
  if (rotate === true && 'secret' in values) {
    problems.add('secret', 'SECRET_CONFLICT', 'Send either secret or rotateSecret, not both.', 'Передайте либо secret, либо rotateSecret, но не оба.');
  } else if (rotate === true) {
    newSecret = generateSecret();
    changes.secret = newSecret;
  } else if ('secret' in values) {
    changes.secret = checkSecret(values['secret'], problems);
  }
  problems.throwIfAny('The webhook subscription is not valid.');
  return { changes, newSecret };
}
