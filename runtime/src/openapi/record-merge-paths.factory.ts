import type { JsonSchema } from '@crm/schemas';
import { jsonAnswer, jsonBody, operation, schemaRef } from './openapi-operation.factory.js';
import type { PathItem } from './openapi.types.js';

/*
 * POST /api/records/<entity>/merge (duplicates/record-merge.routes.ts), described for an entity
 * whose records the caller may update and delete: merging needs both on every record involved.
 */

const MERGE_BODY: JsonSchema = {
  type: 'object',
  properties: {
    survivor: { type: 'string', format: 'uuid', description: 'The record that stays.' },
    merged: { type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1, maxItems: 20, description: 'The records merged into the survivor and then deleted.' },
    values: { type: 'object', description: 'Fields the survivor takes (values chosen from the merged records); the rest it keeps. Written as PATCH writes them.' },
    versions: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Record id -> the version the client saw: 412 if any changed since.' },
  },
  required: ['survivor', 'merged'],
  additionalProperties: false,
};

const COUNTS: JsonSchema = { type: 'object', additionalProperties: { type: 'integer' } };

function mergeAnswer(stem: string): JsonSchema {
  return {
    type: 'object',
    properties: {
      survivor: schemaRef(`${stem}Record`),
      merged: { type: 'array', items: { type: 'string', format: 'uuid' } },
      moved: {
        type: 'object',
        description: 'What now points at the survivor: referring records per "entity.field", link rows per link table, system rows (history, runs, tasks, …) per table.',
        properties: { references: COUNTS, links: COUNTS, system: COUNTS },
        required: ['references', 'links', 'system'],
      },
    },
    required: ['survivor', 'merged', 'moved'],
  };
}

export function recordMergePath(stem: string, tag: string, label: string): PathItem {
  return {
    post: operation({
      id: `merge${stem}Records`,
      tag,
      summary: `Merge duplicate ${label} records into one`,
      description:
        'In one transaction: every record, link, history entry, process run, task and notification pointing at the merged records moves to the survivor, the merged records are deleted, the survivor takes `values`, and history and the audit log say who merged what. 403 MERGE_NOT_ALLOWED unless the caller may update the survivor and update and delete every merged record; nothing changes on any refusal.',
      body: jsonBody(MERGE_BODY),
      ok: { '200': jsonAnswer('The survivor as stored, the merged ids, and what moved.', mergeAnswer(stem)) },
      errors: ['400', '403', '404', '409', '412', '415', '422'],
    }),
  };
}
