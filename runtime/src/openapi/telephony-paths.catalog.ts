import type { JsonSchema } from '@crm/schemas';
import { ANY_OBJECT, NO_CONTENT, jsonAnswer, jsonBody, operation, pathParam, schemaRef } from './openapi-operation.factory.js';
import type { PathSet } from './openapi.types.js';

/*
 * Telephony (../telephony): the PBX's inbound call events (its own secret, no user), click-to-call
 * for signed-in people, and the admins' integrations and extensions.
 */

const CALL_EVENT: JsonSchema = {
  type: 'object',
  properties: {
    callId: { type: 'string', description: 'The PBX’s id of the call; with event, the key that makes a retried event a no-op.' },
    event: { type: 'string', enum: ['started', 'answered', 'ended', 'missed'] },
    from: { type: 'string', description: 'The caller’s number (8…, 7…, +7… are the same line).' },
    to: { type: 'string', description: 'The called number or extension.' },
    direction: { type: 'string', enum: ['in', 'out'], default: 'in' },
    duration: { type: 'number', description: 'Seconds of talk.' },
    recordingUrl: { type: 'string', format: 'uri' },
  },
  required: ['callId', 'event', 'from', 'to'],
};

const RECORD_REF: JsonSchema = { type: ['object', 'null'], properties: { entity: { type: 'string' }, id: { type: 'string', format: 'uuid' } } };

const CALL_OUTCOME: JsonSchema = {
  type: 'object',
  properties: {
    duplicate: { type: 'boolean', description: 'True when this event of this call was received before: nothing was written.' },
    matched: RECORD_REF,
    createdRecord: { type: 'boolean', description: 'The number was unknown and a record (a lead) was created for it.' },
    activityId: { type: ['string', 'null'] },
    taskId: { type: ['string', 'null'], description: 'The call-back task of a missed call.' },
  },
  required: ['duplicate', 'matched', 'createdRecord', 'activityId', 'taskId'],
};

const INTEGRATION: JsonSchema = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, config: ANY_OBJECT, createdAt: { type: 'string' }, secretRotatedAt: { type: ['string', 'null'] } },
  required: ['id', 'name', 'config', 'createdAt', 'secretRotatedAt'],
};

const NEW_INTEGRATION: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' },
    config: {
      type: 'object',
      description:
        'match: [{entity, phoneFields, activityLink?, taskLink?}]; create: {entity, phoneField, values} | null; activity: {entity, values}; task: {entity, assigneeField, values} | null; clickToCallUrl. Values may use {{from}} {{to}} {{number}} {{duration}} {{recordingUrl}} {{event}} {{direction}} {{callId}}.',
      additionalProperties: true,
    },
  },
  required: ['name', 'config'],
};

const CONFIG_BODY: JsonSchema = { type: 'object', properties: { config: { type: 'object', description: 'The whole configuration, as at creation.', additionalProperties: true } }, required: ['config'] };

const WITH_SECRET: JsonSchema = { type: 'object', properties: { integration: schemaRef('TelephonyIntegration'), secret: { type: 'string', description: 'Shown only in this answer.' } }, required: ['integration', 'secret'] };

const NAME_PARAM = pathParam('name', 'The integration’s name.');

const PBX_FAILED = { description: 'The PBX could not be asked (PBX_CALL_FAILED: a blocked private address, DNS, timeout) or refused.', content: { 'application/json': { schema: schemaRef('ErrorBody') } } };

export function telephonyPaths(): PathSet {
  return {
    schemas: { CallEvent: CALL_EVENT, CallOutcome: CALL_OUTCOME, TelephonyIntegration: INTEGRATION },
    paths: {
      '/api/telephony/{integration}/events': {
        post: operation({
          id: 'receiveCallEvent',
          tag: 'telephony',
          summary: 'A PBX call event: a finished or missed call lands on the caller’s timeline',
          description:
            'Authenticated by the integration’s secret as `Authorization: Bearer <secret>` or `X-Telephony-Secret`; a wrong secret answers 401 and writes nothing. Ended and missed calls are matched by normalised phone, an unknown number creates a record, a missed call creates a call-back task. 201 first time; 200 with duplicate=true for a repeat.',
          public: true,
          params: [pathParam('integration', 'The integration’s name.')],
          body: jsonBody(schemaRef('CallEvent')),
          ok: { '201': jsonAnswer('Received and written.', schemaRef('CallOutcome')), '200': jsonAnswer('A repeat of an event already received.', schemaRef('CallOutcome')) },
          errors: ['400', '401', '404', '422'],
        }),
      },
      '/api/telephony/calls/{activityId}': {
        get: operation({
          id: 'callOfActivity',
          tag: 'telephony',
          summary: 'The call behind a timeline activity: direction, result, talk time, recording (null when the activity is no call)',
          params: [pathParam('activityId', 'The activity record.')],
          ok: {
            '200': jsonAnswer('The call or null.', {
              type: 'object',
              properties: {
                call: {
                  type: ['object', 'null'],
                  properties: { direction: { type: 'string', enum: ['in', 'out'] }, result: { type: 'string', enum: ['answered', 'missed'] }, duration: { type: 'integer' }, recordingUrl: { type: ['string', 'null'] }, from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] } },
                },
              },
              required: ['call'],
            }),
          },
          errors: ['401', '403', '404'],
        }),
      },
      '/api/telephony/my-line': {
        get: operation({
          id: 'myTelephonyLine',
          tag: 'telephony',
          summary: 'The integration I call through and my extension on it (nulls when I cannot call)',
          ok: { '200': jsonAnswer('My line.', { type: 'object', properties: { integration: { type: ['string', 'null'] }, extension: { type: ['string', 'null'] } }, required: ['integration', 'extension'] }) },
          errors: ['401'],
        }),
      },
      '/api/telephony/click-to-call': {
        post: operation({
          id: 'clickToCall',
          tag: 'telephony',
          summary: 'Ring my extension and connect it to a record’s phone or a number',
          body: jsonBody({ type: 'object', properties: { integration: { type: 'string' }, entity: { type: 'string' }, recordId: { type: 'string' }, field: { type: 'string' }, phone: { type: 'string' } } }),
          ok: {
            '202': jsonAnswer('The PBX took the request.', { type: 'object', properties: { calling: { type: 'boolean' }, number: { type: 'string' }, extension: { type: 'string' }, pbxStatus: { type: 'integer' } }, required: ['calling', 'number', 'extension'] }),
            '502': PBX_FAILED,
          },
          errors: ['400', '403', '404', '409'],
        }),
      },
      '/api/telephony/integrations': {
        get: operation({ id: 'listTelephonyIntegrations', tag: 'telephony', summary: 'PBX integrations (admins)', ok: { '200': jsonAnswer('Every integration, without secrets.', { type: 'object', properties: { data: { type: 'array', items: schemaRef('TelephonyIntegration') } }, required: ['data'] }) }, errors: ['403'] }),
        post: operation({
          id: 'createTelephonyIntegration',
          tag: 'telephony',
          summary: 'Create a PBX integration (admins); the secret is shown only in this answer',
          body: jsonBody(NEW_INTEGRATION),
          ok: { '201': jsonAnswer('Created.', WITH_SECRET) },
          errors: ['400', '403', '409'],
        }),
      },
      '/api/telephony/integrations/{name}': {
        put: operation({
          id: 'updateTelephonyIntegration',
          tag: 'telephony',
          summary: 'Change what an integration does with calls (admins); errors name the config field',
          params: [NAME_PARAM],
          body: jsonBody(CONFIG_BODY),
          ok: { '200': jsonAnswer('Saved.', { type: 'object', properties: { integration: schemaRef('TelephonyIntegration') }, required: ['integration'] }) },
          errors: ['400', '403', '404'],
        }),
        delete: operation({
          id: 'deleteTelephonyIntegration',
          tag: 'telephony',
          summary: 'Delete an integration (admins): its events are refused from now on; calls already received stay on the timelines',
          params: [NAME_PARAM],
          ok: { '204': NO_CONTENT },
          errors: ['403', '404'],
        }),
      },
      '/api/telephony/integrations/{name}/secret': {
        post: operation({
          id: 'rotateTelephonySecret',
          tag: 'telephony',
          summary: 'A new secret for the PBX (admins), shown once; the old one is refused at once',
          params: [NAME_PARAM],
          ok: { '200': jsonAnswer('Rotated.', WITH_SECRET) },
          errors: ['403', '404'],
        }),
      },
      '/api/telephony/integrations/{name}/extensions': {
        get: operation({
          id: 'listTelephonyExtensions',
          tag: 'telephony',
          summary: 'People’s extensions on the PBX (admins)',
          params: [NAME_PARAM],
          ok: { '200': jsonAnswer('Every extension.', { type: 'object', properties: { data: { type: 'array', items: { type: 'object', properties: { userId: { type: 'string' }, extension: { type: 'string' } }, required: ['userId', 'extension'] } } }, required: ['data'] }) },
          errors: ['403', '404'],
        }),
      },
      '/api/telephony/integrations/{name}/extensions/{userId}': {
        put: operation({
          id: 'setTelephonyExtension',
          tag: 'telephony',
          summary: 'A person’s extension on the PBX (admins)',
          params: [pathParam('name', 'The integration’s name.'), pathParam('userId', 'The person.')],
          body: jsonBody({ type: 'object', properties: { extension: { type: 'string' } }, required: ['extension'] }),
          ok: { '200': jsonAnswer('Saved.', { type: 'object', properties: { userId: { type: 'string' }, extension: { type: 'string' } }, required: ['userId', 'extension'] }) },
          errors: ['400', '403', '404'],
        }),
        delete: operation({
          id: 'clearTelephonyExtension',
          tag: 'telephony',
          summary: 'Remove a person’s extension (admins)',
          params: [pathParam('name', 'The integration’s name.'), pathParam('userId', 'The person.')],
          ok: { '204': NO_CONTENT },
          errors: ['403', '404'],
        }),
      },
    },
  };
}
