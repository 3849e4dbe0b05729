import { ValidationError, type ErrorDetail } from '../errors/index.js';

/** One PBX call event as it arrives: what happened, between which numbers, for how long. */

export const CALL_EVENTS = ['started', 'answered', 'ended', 'missed'] as const;
export type CallEventKind = (typeof CALL_EVENTS)[number];

export interface CallEvent {
  callId: string;
  event: CallEventKind;
  from: string;
  to: string;
  direction: 'in' | 'out';
  duration: number;
  recordingUrl: string | null;
}

function detail(field: string, message: string, messageRu: string): ErrorDetail {
  return { field, code: 'INVALID_CALL_EVENT', message, message_ru: messageRu };
}

export function parseCallEvent(body: unknown): CallEvent {
  const raw = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const problems: ErrorDetail[] = [];
  const text = (name: string): string => (typeof raw[name] === 'string' || typeof raw[name] === 'number' ? String(raw[name]).trim() : '');
  const callId = text('callId');
  if (!callId || callId.length > 200) problems.push(detail('callId', 'callId is required (up to 200 characters).', 'Нужен callId (до 200 символов).'));
  const event = text('event');
  if (!(CALL_EVENTS as readonly string[]).includes(event)) problems.push(detail('event', `event must be one of ${CALL_EVENTS.join(', ')}.`, `event — одно из: ${CALL_EVENTS.join(', ')}.`));
  const from = text('from');
  const to = text('to');
  if (!from) problems.push(detail('from', 'from (the caller’s number) is required.', 'Нужен from — номер звонящего.'));
  if (!to) problems.push(detail('to', 'to (the called number or extension) is required.', 'Нужен to — вызываемый номер или добавочный.'));
  const direction = text('direction') || 'in';
  if (direction !== 'in' && direction !== 'out') problems.push(detail('direction', 'direction is "in" or "out".', 'direction — "in" или "out".'));
  const duration = raw.duration === undefined ? 0 : Number(raw.duration);
  if (!Number.isFinite(duration) || duration < 0) problems.push(detail('duration', 'duration is a number of seconds.', 'duration — число секунд.'));
  const recordingUrl = text('recordingUrl') || null;
  if (recordingUrl && !/^https?:\/\//i.test(recordingUrl)) problems.push(detail('recordingUrl', 'recordingUrl must be an http(s) URL.', 'recordingUrl — URL http(s).'));
  if (problems.length > 0) throw ValidationError.create(problems.length === 1 && problems[0] ? problems[0].message : `${problems.length} problems in the call event.`, problems);
  return { callId, event: event as CallEventKind, from, to, direction: direction as 'in' | 'out', duration: Math.round(duration), recordingUrl };
}
