import type { JsonSchema } from '@crm/schemas';
import { definitionComponentName } from './definition-schemas.mapping.js';
import { ANY_OBJECT, jsonAnswer, jsonBody, NO_CONTENT, operation, pathParam, queryParam, schemaRef } from './openapi-operation.factory.js';
import type { PathSet } from './openapi.types.js';

/*
 * What a person's workspace reads beside records (records/, inbox/, saved-views/) and the outbound
 * webhook subscriptions (webhooks/).
 */

const ID = pathParam('id', 'The id.', { type: 'string', format: 'uuid' });

// GET /api/records: WorkspaceDefinition of @crm/schemas (http/workspace-definition.contract.ts).
const WORKSPACE_DEFINITION: JsonSchema = {
  type: 'object',
  properties: {
    definition: schemaRef(definitionComponentName('app')),
    access: {
      type: 'object',
      description: 'Per readable entity: what the caller may do and the access of each visible field.',
      additionalProperties: {
        type: 'object',
        properties: {
          operations: {
            type: 'object',
            properties: { create: { type: 'boolean' }, read: { type: 'boolean' }, update: { type: 'boolean' }, delete: { type: 'boolean' } },
            required: ['create', 'read', 'update', 'delete'],
          },
          changeOwner: { type: 'boolean' },
          fields: { type: 'object', additionalProperties: { type: 'string', enum: ['read', 'write'] } },
        },
        required: ['operations', 'changeOwner', 'fields'],
      },
    },
    processes: {
      type: 'array',
      description: 'Names and labels of the processes; a robot of a readable pipeline names the stage that starts it.',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          label: { type: 'object', additionalProperties: { type: 'string' } },
          entity: { type: ['string', 'null'] },
          entersStage: { type: 'object', properties: { pipeline: { type: 'string' }, stage: { type: 'string' } }, required: ['pipeline', 'stage'] },
        },
        required: ['name', 'entity'],
      },
    },
  },
  required: ['definition', 'access', 'processes'],
};

export function workspacePaths(): PathSet {
  return {
    paths: {
      '/api/records': {
        get: operation({
          id: 'workspaceDefinition',
          tag: 'workspace',
          summary: 'The live definition cut to what the caller may see',
          description:
            'Readable entities with only their visible fields, their pipelines and forms; the views and dashboards meant for the caller’s roles (no roles: everyone who reads the entity; admins see all), ' +
            'without a view that filters or groups by a field hidden from the caller, and with columns and sort keys cut to visible fields; per entity what the caller may do.',
          ok: { '200': jsonAnswer('definition, access, processes.', WORKSPACE_DEFINITION) },
          errors: ['404'],
        }),
      },
      '/api/notifications': {
        get: operation({ id: 'listNotifications', tag: 'inbox', summary: 'The caller’s notifications', params: [queryParam('unread', '"1": unread only.', { type: 'string', enum: ['1', 'true'] })], ok: { '200': jsonAnswer('Notifications, newest first.', ANY_OBJECT) } }),
      },
      '/api/notifications/{id}/read': {
        post: operation({ id: 'readNotification', tag: 'inbox', summary: 'Mark a notification read', params: [ID], ok: { '204': NO_CONTENT }, errors: ['404'] }),
      },
      '/api/mailbox': {
        get: operation({ id: 'mailbox', tag: 'inbox', summary: 'Mail the CRM sent (the local mailbox when no SMTP is configured)', ok: { '200': jsonAnswer('Messages.', ANY_OBJECT) }, errors: ['403'] }),
      },
      '/api/saved-views': {
        get: operation({ id: 'listSavedViews', tag: 'saved views', summary: 'Saved list views of an entity', params: [queryParam('entity', 'The entity name.')], ok: { '200': jsonAnswer('The caller’s and shared views.', ANY_OBJECT) }, errors: ['400', '404'] }),
        post: operation({ id: 'createSavedView', tag: 'saved views', summary: 'Save a list view (filter, sort, columns)', body: jsonBody(ANY_OBJECT), ok: { '201': jsonAnswer('The view.', ANY_OBJECT) }, errors: ['400', '403', '404', '415'] }),
      },
      '/api/saved-views/{id}': {
        patch: operation({ id: 'updateSavedView', tag: 'saved views', summary: 'Change a saved view', params: [ID], body: jsonBody(ANY_OBJECT), ok: { '200': jsonAnswer('The view.', ANY_OBJECT) }, errors: ['400', '403', '404', '415'] }),
        delete: operation({ id: 'deleteSavedView', tag: 'saved views', summary: 'Delete a saved view', params: [ID], ok: { '204': NO_CONTENT }, errors: ['403', '404'] }),
      },
      '/api/webhooks': {
        get: operation({ id: 'listWebhooks', tag: 'webhooks', summary: 'Outbound webhook subscriptions (admins)', ok: { '200': jsonAnswer('Subscriptions (secrets are never answered back).', ANY_OBJECT) }, errors: ['403'] }),
        post: operation({
          id: 'createWebhook',
          tag: 'webhooks',
          summary: 'Subscribe a URL to record events (admins)',
          description: 'The URL must reach a public address (outbound HTTP refuses private ones). Deliveries are signed with the secret, answered once here when generated.',
          body: jsonBody({
            type: 'object',
            properties: {
              name: { type: 'string' },
              url: { type: 'string', format: 'uri' },
              entity: { type: 'string' },
              events: { type: 'array', items: { type: 'string', enum: ['create', 'update', 'delete', 'restore'] } },
              fields: { type: 'array', items: { type: 'string' } },
              secret: { type: 'string' },
              active: { type: 'boolean' },
              owner: { type: 'string', format: 'uuid', description: 'Whose read permissions cut the payloads.' },
            },
            required: ['name', 'url', 'entity', 'events'],
          }),
          ok: { '201': jsonAnswer('The subscription.', ANY_OBJECT) },
          errors: ['400', '403', '415'],
        }),
      },
      '/api/webhooks/{id}': {
        get: operation({ id: 'getWebhook', tag: 'webhooks', summary: 'One subscription with its recent deliveries', params: [ID], ok: { '200': jsonAnswer('The subscription.', ANY_OBJECT) }, errors: ['403', '404'] }),
        patch: operation({ id: 'updateWebhook', tag: 'webhooks', summary: 'Change a subscription', params: [ID], body: jsonBody(ANY_OBJECT), ok: { '200': jsonAnswer('The subscription.', ANY_OBJECT) }, errors: ['400', '403', '404', '415'] }),
        delete: operation({ id: 'deleteWebhook', tag: 'webhooks', summary: 'Remove a subscription', params: [ID], ok: { '204': NO_CONTENT }, errors: ['403', '404'] }),
      },
      '/api/webhooks/{id}/test': {
        post: operation({ id: 'testWebhook', tag: 'webhooks', summary: 'Send a test delivery', params: [ID], ok: { '200': jsonAnswer('The test delivery.', ANY_OBJECT) }, errors: ['403', '404'] }),
      },
      '/api/webhooks/{id}/deliveries/{deliveryId}/retry': {
        post: operation({ id: 'retryWebhookDelivery', tag: 'webhooks', summary: 'Send a failed delivery again', params: [ID, pathParam('deliveryId', 'The delivery id.')], ok: { '202': jsonAnswer('The delivery, queued.', ANY_OBJECT) }, errors: ['403', '404', '409'] }),
      },
    },
  };
}
