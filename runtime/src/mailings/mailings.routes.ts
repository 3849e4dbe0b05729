import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import type { App, MailingAudience, MailingDetail, MailingPreview } from '@crm/schemas';
import { loadAccessPolicy, type AccessPolicy } from '../access/index.js';
import { ConflictError, ForbiddenError, NotFoundError, type ErrorDetail } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import type { Actor } from '../people/user.types.js';
import { isUuid, visibleRecord } from '../records/index.js';
import { checkTemplate } from '../text-templates/index.js';
import { parseMailingInput, type MailingInput } from './mailing-input.parser.js';
import { mayRunMailings } from './mailing-access.policy.js';
import { isHtmlBody, linksIn } from './mailing-links.rules.js';
import { readAudience } from './mailing-audience.reader.js';
import { linkBaseOf } from './mailing-link-base.reader.js';
import { MailingInvalidError } from './mailing-invalid.error.js';
import { renderMessage } from './mailing-message.writer.js';
import { readMailingResults } from './mailing-results.reader.js';
import { sendMailing } from './mailing-send.service.js';
import { deleteDraft, findMailing, insertMailing, listMailings, toMailing, updateDraft, type MailingRow } from './mailings.store.js';
import { parseSegmentInput } from './segment-input.parser.js';
import { displayOf, emailOf, previewSegment } from './segment-records.reader.js';
import { deleteSegment, findSegment, insertSegment, listSegments, toSegment, updateSegment, type SegmentRow } from './segments.store.js';

/*
 * /api/segments and /api/mailings. Who may: people whose roles have the mailings, builder or admin
 * power (mailing-access.policy.ts): a mailing speaks for the organisation to many clients at once,
 * which is not every sales rep's call. Whom they reach is still bounded by their
 * own read access: previews, the first-recipient preview and the send read the segment's records
 * as the caller (segment-records.reader.ts), so a mailer who may read only their own contacts
 * mails only those.
 *
 *   GET|POST /api/segments, GET|PUT|DELETE /api/segments/:id, GET /api/segments/:id/preview?limit=
 *   GET|POST /api/mailings, POST /api/mailings/preview {segment, subject, body}
 *   GET /api/mailings/audience?segment=   how many a send would reach now, and the links' base URL
 *   GET|PUT|DELETE /api/mailings/:id (PUT and DELETE only while a draft), POST /api/mailings/:id/send
 */

interface Caller {
  knex: Knex;
  actor: Actor;
  app: App;
  policy: AccessPolicy;
}

function notFound(what: 'segment' | 'mailing'): Error {
  const message = what === 'segment' ? 'There is no such segment.' : 'There is no such mailing.';
  return NotFoundError.create(message, [{ field: 'id', code: 'NOT_FOUND', message, message_ru: what === 'segment' ? 'Такого сегмента нет.' : 'Такой рассылки нет.' }]);
}

function mailersOnly(): Error {
  const message = 'Only people whose role may run mailings (marketers, builders, admins) may manage them.';
  return ForbiddenError.create(message, [{ code: 'MAILINGS_FORBIDDEN', message, message_ru: 'Рассылками управляют только маркетологи, конструкторы и администраторы.' }]);
}

function limitOf(req: Request): number {
  const value = Number(req.query['limit'] ?? 10);
  return Number.isInteger(value) && value >= 1 ? Math.min(value, 50) : 10;
}

/** Liquid problems of the subject and body, as 422 details. */
function checkLiquid(input: Pick<MailingInput, 'subject' | 'body'>): void {
  const problems: ErrorDetail[] = [...checkTemplate(input.subject, 'subject'), ...checkTemplate(input.body, 'body')];
  if (problems.length > 0) throw MailingInvalidError.create(`The mailing is not valid: ${problems[0]?.message ?? ''}`, problems);
}

export function mailingsRoutes({ context, auditTrail }: RouteDeps): { segments: Router; mailings: Router } {
  const knex = context.db.knex;

  async function callerOf(req: Request): Promise<Caller> {
    const actor = requireActor(req);
    if (!(await mayRunMailings(actor.roles, context.definitions))) throw mailersOnly();
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there is no one to mail.');
    return { knex, actor, app: live.app, policy: await loadAccessPolicy(knex, live.app, { user: actor }) };
  }

  async function segmentOf(caller: Caller, id: string): Promise<SegmentRow> {
    const row = isUuid(id) ? await findSegment(knex, id) : undefined;
    if (!row || !caller.policy.entity(row.entity).can('read') || !caller.app.entities.some((e) => e.name === row.entity)) throw notFound('segment');
    return row;
  }

  /** The mailing's segment for a preview or a send; a missing one is the input's problem (422). */
  async function usableSegment(caller: Caller, id: string | null): Promise<SegmentRow> {
    try {
      return await segmentOf(caller, id ?? '');
    } catch {
      throw MailingInvalidError.create('Choose a segment.', [{ field: 'segment', code: 'UNKNOWN_SEGMENT', message: 'Choose an existing segment.', message_ru: 'Выберите существующий сегмент.' }]);
    }
  }

  async function mailingOf(id: string): Promise<MailingRow> {
    const row = isUuid(id) ? await findMailing(knex, id) : undefined;
    if (!row) throw notFound('mailing');
    return row;
  }

  async function detailOf(caller: Caller, row: MailingRow): Promise<MailingDetail> {
    const { results, recipientList } = await readMailingResults(knex, caller.app, caller.policy, row);
    return { mailing: toMailing(row), results, recipientList };
  }

  const segments = Router();
  segments.get('/', async (req, res) => {
    const caller = await callerOf(req);
    const rows = await listSegments(knex);
    res.json({ data: rows.filter((r) => caller.policy.entity(r.entity).can('read')).map(toSegment) });
  });
  segments.post('/', async (req, res) => {
    const caller = await callerOf(req);
    const input = parseSegmentInput(req.body, caller.app, caller.policy);
    res.status(201).json(toSegment(await insertSegment(knex, input, caller.actor.id)));
  });
  segments.get('/:id', async (req, res) => {
    const caller = await callerOf(req);
    res.json(toSegment(await segmentOf(caller, req.params.id)));
  });
  segments.put('/:id', async (req, res) => {
    const caller = await callerOf(req);
    const row = await segmentOf(caller, req.params.id);
    const input = parseSegmentInput(req.body, caller.app, caller.policy);
    const saved = await updateSegment(knex, row.id, input);
    if (!saved) throw notFound('segment');
    res.json(toSegment(saved));
  });
  segments.delete('/:id', async (req, res) => {
    const caller = await callerOf(req);
    const row = await segmentOf(caller, req.params.id);
    await deleteSegment(knex, row.id);
    res.status(204).end();
  });
  segments.get('/:id/preview', async (req, res) => {
    const caller = await callerOf(req);
    const row = await segmentOf(caller, req.params.id);
    const page = await previewSegment(caller, row, limitOf(req));
    res.json({ total: page.total, data: page.data.map((r) => visibleRecord(caller.policy.entity(row.entity), r)) });
  });

  const mailings = Router();
  mailings.get('/', async (req, res) => {
    await callerOf(req);
    res.json({ data: (await listMailings(knex)).map(toMailing) });
  });
  mailings.post('/', async (req, res) => {
    const caller = await callerOf(req);
    const input = parseMailingInput(req.body);
    await usableSegment(caller, input.segment);
    checkLiquid(input);
    const row = await insertMailing(knex, input, caller.actor.id);
    res.status(201).json(toMailing(row));
  });
  mailings.post('/preview', async (req, res) => {
    const caller = await callerOf(req);
    const input = parseMailingInput({ name: 'preview', throttlePerMinute: 1, ...(typeof req.body === 'object' && req.body !== null ? req.body : {}) });
    const segment = await usableSegment(caller, input.segment);
    checkLiquid(input);
    const [first] = (await previewSegment(caller, segment, 1)).data;
    const email = first ? emailOf(first, segment) : null;
    if (!first || !email) {
      const answer: MailingPreview = { recipient: null, subject: input.subject, body: input.body, html: isHtmlBody(input.body), links: linksIn(input.body) };
      res.json(answer);
      return;
    }
    const message = await renderMessage(caller, input, segment.entity, first.id);
    const answer: MailingPreview = { recipient: { recordId: first.id, email, display: displayOf(caller.app, segment.entity, first) }, subject: message.subject, body: message.body, html: message.html, links: linksIn(message.body) };
    res.json(answer);
  });
  mailings.get('/audience', async (req, res) => {
    const caller = await callerOf(req);
    const linkBase = await linkBaseOf(knex, req);
    const id = typeof req.query['segment'] === 'string' ? req.query['segment'] : '';
    if (id === '') {
      const answer: MailingAudience = { recipients: 0, unsubscribed: 0, linkBase };
      res.json(answer);
      return;
    }
    const { addressed, unsubscribed } = await readAudience(caller, await usableSegment(caller, id));
    const answer: MailingAudience = { recipients: addressed.length - unsubscribed.size, unsubscribed: unsubscribed.size, linkBase };
    res.json(answer);
  });

  mailings.get('/:id', async (req, res) => {
    const caller = await callerOf(req);
    res.json(await detailOf(caller, await mailingOf(req.params.id)));
  });
  mailings.put('/:id', async (req, res) => {
    const caller = await callerOf(req);
    const row = await mailingOf(req.params.id);
    const input = parseMailingInput(req.body);
    await usableSegment(caller, input.segment);
    checkLiquid(input);
    const saved = row.status === 'draft' ? await updateDraft(knex, row.id, input) : undefined;
    if (!saved) throw ConflictError.create('A sent mailing cannot be changed.', [{ field: 'status', code: 'ALREADY_SENT', message: 'A sent mailing cannot be changed.', message_ru: 'Отправленную рассылку изменить нельзя.' }]);
    res.json(toMailing(saved));
  });
  mailings.delete('/:id', async (req, res) => {
    await callerOf(req);
    const row = await mailingOf(req.params.id);
    if (!(await deleteDraft(knex, row.id))) throw ConflictError.create('A sent mailing is kept with its results.', [{ field: 'status', code: 'ALREADY_SENT', message: 'A sent mailing is kept with its results.', message_ru: 'Отправленная рассылка хранится вместе с результатами.' }]);
    res.status(204).end();
  });
  mailings.post('/:id/send', async (req, res) => {
    const caller = await callerOf(req);
    const row = await mailingOf(req.params.id);
    const segment = await usableSegment(caller, row.segment_id);
    const outcome = await sendMailing({ knex, app: caller.app, actor: caller.actor, baseUrl: (await linkBaseOf(knex, req)).url }, row, segment);
    await auditTrail.record({ action: 'mailing.send', actorId: caller.actor.id, actorEmail: caller.actor.email, target: { type: 'mailing', id: row.id, name: row.name }, details: { ...outcome } });
    const sent = await mailingOf(row.id);
    res.json({ ...(await detailOf(caller, sent)), ...outcome });
  });

  return { segments, mailings };
}

export function segmentsRoutes(deps: RouteDeps): Router {
  return mailingsRoutes(deps).segments;
}

export function mailingsApiRoutes(deps: RouteDeps): Router {
  return mailingsRoutes(deps).mailings;
}
