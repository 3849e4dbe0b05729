import type { JsonSchema } from '@crm/schemas';
import { ANY_OBJECT, jsonAnswer, jsonBody, NO_CONTENT, operation, pathParam, queryParam, schemaRef } from './openapi-operation.factory.js';
import type { PathSet } from './openapi.types.js';

/*
 * Segments and mailings (../mailings): for people with the builder or admin power; recipients are
 * only the records the caller may read. The links inside the messages (/u/{token} unsubscribe,
 * /t/{token} tracked click) are public pages outside /api and not described here.
 */

const SEGMENT_DRAFT: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120 },
    entity: { type: 'string', description: 'An entity with an e-mail field that the caller may read.' },
    emailField: { type: 'string', description: 'Default: the entity’s first e-mail field.' },
    condition: { description: 'A condition (condition language), checked as a list filter is; null for every record.' },
  },
  required: ['name', 'entity'],
};

const SEGMENT: JsonSchema = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, entity: { type: 'string' }, emailField: { type: 'string' }, condition: {}, createdAt: { type: 'string' }, updatedAt: { type: 'string' } },
  required: ['id', 'name', 'entity', 'emailField', 'condition', 'createdAt', 'updatedAt'],
};

const MAILING_DRAFT: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    segment: { type: 'string', format: 'uuid' },
    subject: { type: 'string', description: 'Liquid: {{ record.first_name }}.' },
    body: { type: 'string', description: 'Liquid; text, or HTML when it has tags. Links are rewritten to tracked redirects and an unsubscribe link is added.' },
    throttlePerMinute: { type: 'integer', minimum: 1, maximum: 10000 },
  },
  required: ['name', 'segment', 'subject', 'body', 'throttlePerMinute'],
};

const MAILING: JsonSchema = {
  type: 'object',
  properties: {
    ...(MAILING_DRAFT.properties ?? {}),
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['draft', 'sending', 'sent'] },
    entity: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    sentAt: { type: ['string', 'null'] },
    finishedAt: { type: ['string', 'null'] },
  },
  required: ['id', 'name', 'segment', 'subject', 'body', 'throttlePerMinute', 'status', 'entity', 'createdAt', 'sentAt', 'finishedAt'],
};

const STATUS_COUNTS: JsonSchema = {
  type: 'object',
  properties: Object.fromEntries(['queued', 'sent', 'failed', 'unsubscribed', 'clicked'].map((s) => [s, { type: 'integer' }])),
  required: ['queued', 'sent', 'failed', 'unsubscribed', 'clicked'],
};

const MAILING_DETAIL: JsonSchema = {
  type: 'object',
  properties: {
    mailing: schemaRef('Mailing'),
    results: {
      type: 'object',
      properties: {
        recipients: { type: 'integer' },
        byStatus: STATUS_COUNTS,
        clicks: { type: 'integer' },
        clickers: { type: 'integer' },
        deals: { type: 'integer', description: 'Records of pipeline entities created for a recipient after the send, readable by the caller.' },
        dealsBy: { type: 'array', items: { type: 'object', properties: { entity: { type: 'string' }, field: { type: 'string' }, count: { type: 'integer' } }, required: ['entity', 'field', 'count'] } },
      },
      required: ['recipients', 'byStatus', 'clicks', 'clickers', 'deals', 'dealsBy'],
    },
    recipientList: {
      type: 'array',
      items: {
        type: 'object',
        properties: { recordId: { type: 'string' }, display: { type: ['string', 'null'] }, email: { type: 'string' }, status: { type: 'string', enum: ['queued', 'sent', 'failed', 'unsubscribed', 'clicked'] }, clickedAt: { type: ['string', 'null'] } },
        required: ['recordId', 'display', 'email', 'status', 'clickedAt'],
      },
    },
  },
  required: ['mailing', 'results', 'recipientList'],
};

const ID = pathParam('id', 'The id.');
const TAG = 'mailings';

export function mailingsPaths(): PathSet {
  return {
    schemas: { Segment: SEGMENT, SegmentDraft: SEGMENT_DRAFT, Mailing: MAILING, MailingDraft: MAILING_DRAFT, MailingDetail: MAILING_DETAIL },
    paths: {
      '/api/segments': {
        get: operation({ id: 'listSegments', tag: TAG, summary: 'Segments', ok: { '200': jsonAnswer('Segments of entities the caller may read.', { type: 'object', properties: { data: { type: 'array', items: schemaRef('Segment') } }, required: ['data'] }) }, errors: ['403'] }),
        post: operation({ id: 'createSegment', tag: TAG, summary: 'Save a segment', body: jsonBody(schemaRef('SegmentDraft')), ok: { '201': jsonAnswer('Saved.', schemaRef('Segment')) }, errors: ['403', '422'] }),
      },
      '/api/segments/{id}': {
        get: operation({ id: 'getSegment', tag: TAG, summary: 'A segment', params: [ID], ok: { '200': jsonAnswer('The segment.', schemaRef('Segment')) }, errors: ['403', '404'] }),
        put: operation({ id: 'updateSegment', tag: TAG, summary: 'Change a segment', params: [ID], body: jsonBody(schemaRef('SegmentDraft')), ok: { '200': jsonAnswer('Saved.', schemaRef('Segment')) }, errors: ['403', '404', '422'] }),
        delete: operation({ id: 'deleteSegment', tag: TAG, summary: 'Delete a segment', params: [ID], ok: { '204': NO_CONTENT }, errors: ['403', '404'] }),
      },
      '/api/segments/{id}/preview': {
        get: operation({
          id: 'previewSegment',
          tag: TAG,
          summary: 'How many records the segment reaches, and the first of them, as the caller may read them',
          params: [ID, queryParam('limit', 'Records to show (1-50, default 10).', { type: 'integer' })],
          ok: { '200': jsonAnswer('The count and the first records.', { type: 'object', properties: { total: { type: 'integer' }, data: { type: 'array', items: ANY_OBJECT } }, required: ['total', 'data'] }) },
          errors: ['400', '403', '404'],
        }),
      },
      '/api/mailings': {
        get: operation({ id: 'listMailings', tag: TAG, summary: 'Mailings', ok: { '200': jsonAnswer('Drafts and sent mailings, newest first.', { type: 'object', properties: { data: { type: 'array', items: schemaRef('Mailing') } }, required: ['data'] }) }, errors: ['403'] }),
        post: operation({ id: 'createMailing', tag: TAG, summary: 'Save a mailing as a draft', body: jsonBody(schemaRef('MailingDraft')), ok: { '201': jsonAnswer('Saved.', schemaRef('Mailing')) }, errors: ['403', '422'] }),
      },
      '/api/mailings/preview': {
        post: operation({
          id: 'previewMailing',
          tag: TAG,
          summary: 'The subject and body as the segment’s first recipient would get them',
          body: jsonBody({ type: 'object', properties: { segment: { type: 'string' }, subject: { type: 'string' }, body: { type: 'string' } }, required: ['segment', 'subject', 'body'] }),
          ok: { '200': jsonAnswer('The rendered message (recipient null when the segment reaches no one).', { type: 'object', properties: { recipient: { type: ['object', 'null'] }, subject: { type: 'string' }, body: { type: 'string' }, html: { type: 'boolean' }, links: { type: 'array', items: { type: 'string' } } }, required: ['recipient', 'subject', 'body', 'html', 'links'] }) },
          errors: ['403', '422'],
        }),
      },
      '/api/mailings/audience': {
        get: operation({
          id: 'mailingAudience',
          tag: TAG,
          summary: 'How many addresses a send to the segment would reach now, and the base URL of the links',
          params: [queryParam('segment', 'The segment’s id (none: no one).', { type: 'string' })],
          ok: {
            '200': jsonAnswer('Recipients, unsubscribed addresses, and the links’ base (configured: false when the public URL setting is not set).', {
              type: 'object',
              properties: { recipients: { type: 'integer' }, unsubscribed: { type: 'integer' }, linkBase: { type: 'object', properties: { url: { type: 'string' }, configured: { type: 'boolean' } }, required: ['url', 'configured'] } },
              required: ['recipients', 'unsubscribed', 'linkBase'],
            }),
          },
          errors: ['403', '422'],
        }),
      },
      '/api/mailings/{id}': {
        get: operation({ id: 'getMailing', tag: TAG, summary: 'A mailing with its results and recipients', params: [ID], ok: { '200': jsonAnswer('The mailing.', schemaRef('MailingDetail')) }, errors: ['403', '404'] }),
        put: operation({ id: 'updateMailing', tag: TAG, summary: 'Change a draft', params: [ID], body: jsonBody(schemaRef('MailingDraft')), ok: { '200': jsonAnswer('Saved.', schemaRef('Mailing')) }, errors: ['403', '404', '409', '422'] }),
        delete: operation({ id: 'deleteMailing', tag: TAG, summary: 'Delete a draft', params: [ID], ok: { '204': NO_CONTENT }, errors: ['403', '404', '409'] }),
      },
      '/api/mailings/{id}/send': {
        post: operation({
          id: 'sendMailing',
          tag: TAG,
          summary: 'Send: resolve the recipients now and queue their messages at the throttle',
          description: 'Recipients are the segment’s records the caller may read that have an address, one message per address; an unsubscribed address is listed as unsubscribed and gets nothing. 409 when already sent.',
          params: [ID],
          ok: { '200': jsonAnswer('Queued.', { allOf: [schemaRef('MailingDetail'), { type: 'object', properties: { queued: { type: 'integer' }, unsubscribed: { type: 'integer' } }, required: ['queued', 'unsubscribed'] }] }) },
          errors: ['403', '404', '409', '422'],
        }),
      },
    },
  };
}
