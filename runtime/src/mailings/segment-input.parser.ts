import { checkCondition, conditionIssueCode, validateConditionShape, type App, type Entity } from '@crm/schemas';
import type { AccessPolicy } from '../access/index.js';
import type { ErrorDetail } from '../errors/index.js';
import { MailingInvalidError } from './mailing-invalid.error.js';

/*
 * The body of POST and PUT /api/segments: a name, an entity the caller may read that has an e-mail
 * field (the first one unless emailField names another), and a condition checked exactly as a list
 * filter is (fields exist and are visible to the caller, operators fit, no trigger operators).
 * Every problem is one detail naming its input; the answer is 422.
 */

export interface SegmentInput {
  name: string;
  entity: string;
  emailField: string;
  condition: unknown;
}

const NAME_MAX = 120;

function detail(field: string, code: string, message: string, messageRu: string): ErrorDetail {
  return { field, code, message, message_ru: messageRu };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function emailFieldOf(entity: Entity, policy: AccessPolicy, named: unknown, out: ErrorDetail[]): string {
  const access = policy.entity(entity.name);
  const emails = entity.fields.filter((f) => f.type === 'email' && access.isFieldVisible(f.name));
  const chosen = named === undefined || named === null ? emails[0] : emails.find((f) => f.name === named);
  if (!chosen) {
    out.push(
      named === undefined || named === null
        ? detail('entity', 'NO_EMAIL_FIELD', `${entity.name} has no e-mail field you may read, so its records cannot be mailed.`, `У «${entity.label.ru}» нет доступного вам поля e-mail, им нельзя отправить рассылку.`)
        : detail('emailField', 'UNKNOWN_EMAIL_FIELD', `"${String(named)}" is not an e-mail field of ${entity.name}.`, `«${String(named)}» — не поле e-mail сущности «${entity.label.ru}».`),
    );
    return '';
  }
  return chosen.name;
}

function checkSegmentCondition(app: App, entity: string, policy: AccessPolicy, value: unknown, out: ErrorDetail[]): void {
  if (value === null) return;
  const issues = checkCondition(value, { app, entity, allowTriggerOps: false, isFieldVisible: (e, f) => policy.entity(e).isFieldVisible(f) });
  for (const issue of issues) out.push({ field: 'condition', pointer: issue.path, code: conditionIssueCode(issue.code), message: issue.message.en, message_ru: issue.message.ru });
  if (issues.length === 0 && !validateConditionShape(value)) out.push(detail('condition', 'INVALID_CONDITION', 'The condition is not valid.', 'Условие задано неверно.'));
}

export function parseSegmentInput(body: unknown, app: App, policy: AccessPolicy): SegmentInput {
  if (!isPlainObject(body)) throw MailingInvalidError.create('Send the segment as a JSON object.', [detail('body', 'INVALID_BODY', 'Send the segment as a JSON object.', 'Сегмент нужно передать объектом JSON.')]);
  const out: ErrorDetail[] = [];
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name === '' || name.length > NAME_MAX) out.push(detail('name', 'INVALID_NAME', `Give the segment a name of 1 to ${NAME_MAX} characters.`, `Назовите сегмент (от 1 до ${NAME_MAX} символов).`));
  const entity = app.entities.find((e) => e.name === body.entity && policy.entity(e.name).can('read'));
  let emailField = '';
  const condition = body.condition === undefined ? null : body.condition;
  if (!entity) out.push(detail('entity', 'UNKNOWN_ENTITY', 'Name an entity you may read.', 'Укажите сущность, которую вам можно читать.'));
  else {
    emailField = emailFieldOf(entity, policy, body.emailField, out);
    checkSegmentCondition(app, entity.name, policy, condition, out);
  }
  if (out.length > 0) throw MailingInvalidError.create(`The segment is not valid: ${out[0]?.message ?? ''}`, out);
  return { name, entity: entity?.name ?? '', emailField, condition };
}
