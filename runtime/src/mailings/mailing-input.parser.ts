import type { ErrorDetail } from '../errors/index.js';
import { MailingInvalidError } from './mailing-invalid.error.js';

/*
 * The body of POST and PUT /api/mailings: a name, the segment's id, a Liquid subject and body, and
 * the throttle (messages a minute, 1..10000). Whether the Liquid parses is checked by rendering a
 * preview and at send; here only the shape. Problems answer 422 with a detail per input.
 */

export interface MailingInput {
  name: string;
  segment: string;
  subject: string;
  body: string;
  throttlePerMinute: number;
}

export const THROTTLE_MAX = 10_000;
const NAME_MAX = 200;
const SUBJECT_MAX = 500;
const BODY_MAX = 200_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function detail(field: string, code: string, message: string, messageRu: string): ErrorDetail {
  return { field, code, message, message_ru: messageRu };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

export function parseMailingInput(body: unknown): MailingInput {
  const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const out: ErrorDetail[] = [];
  const name = text(input.name);
  if (name === '' || name.length > NAME_MAX) out.push(detail('name', 'INVALID_NAME', `Give the mailing a name of 1 to ${NAME_MAX} characters.`, `Назовите рассылку (от 1 до ${NAME_MAX} символов).`));
  const segment = text(input.segment);
  if (!UUID.test(segment)) out.push(detail('segment', 'INVALID_SEGMENT', 'Choose a segment.', 'Выберите сегмент.'));
  const subject = text(input.subject);
  if (subject === '' || subject.length > SUBJECT_MAX) out.push(detail('subject', 'INVALID_SUBJECT', `Write a subject of 1 to ${SUBJECT_MAX} characters.`, `Напишите тему (от 1 до ${SUBJECT_MAX} символов).`));
  const bodyText = typeof input.body === 'string' ? input.body : '';
  if (bodyText.trim() === '' || bodyText.length > BODY_MAX) out.push(detail('body', 'INVALID_BODY', 'Write the message.', 'Напишите текст письма.'));
  const throttle = input.throttlePerMinute;
  if (typeof throttle !== 'number' || !Number.isInteger(throttle) || throttle < 1 || throttle > THROTTLE_MAX) {
    out.push(detail('throttlePerMinute', 'INVALID_THROTTLE', `Messages a minute: a whole number from 1 to ${THROTTLE_MAX}.`, `Писем в минуту — целое число от 1 до ${THROTTLE_MAX}.`));
  }
  if (out.length > 0) throw MailingInvalidError.create(`The mailing is not valid: ${out[0]?.message ?? ''}`, out);
  return { name, segment, subject, body: bodyText, throttlePerMinute: typeof throttle === 'number' ? throttle : 0 };
}
