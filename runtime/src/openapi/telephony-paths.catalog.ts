import type { JsonSchema } from '@crm/schemas';
import { ANY_OBJECT, jsonAnswer, jsonBody, operation, pathParam, schemaRef } from './openapi-operation.factory.js';
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
  properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, config: ANY_OBJECT, createdAt: { type: 'string' } },
  required: ['id', 'name', 'config', 'createdAt'],
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
          ok: { '201': jsonAnswer('Created.', { type: 'object', properties: { integration: schemaRef('TelephonyIntegration'), secret: { type: 'string' } }, required: ['integration', 'secret'] }) },
          errors: ['400', '403', '409'],
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
      },
    },
  };
}
