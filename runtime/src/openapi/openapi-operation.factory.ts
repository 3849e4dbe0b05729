import type { JsonSchema } from '@crm/schemas';
import { ERROR_RESPONSES, type ErrorStatus } from './openapi-components.catalog.js';
import type { Operation, Parameter, RequestBody, ResponseOrRef, SecurityRequirement } from './openapi.types.js';

/*
 * Small builders so each area's path file reads as a table of its endpoints: an operation is a
 * summary, its parameters, its body and its answers, with the error statuses it can give.
 */

export function schemaRef(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

export function pathParam(name: string, description: string, schema: JsonSchema = { type: 'string' }): Parameter {
  return { name, in: 'path', required: true, description, schema };
}

export function queryParam(name: string, description: string, schema: JsonSchema = { type: 'string' }): Parameter {
  return { name, in: 'query', required: false, description, schema };
}

export function headerParam(name: string, description: string, required = false): Parameter {
  return { name, in: 'header', required, description, schema: { type: 'string' } };
}

export function jsonBody(schema: JsonSchema, description?: string): RequestBody {
  return { required: true, ...(description ? { description } : {}), content: { 'application/json': { schema } } };
}

export function jsonAnswer(description: string, schema: JsonSchema): ResponseOrRef {
  return { description, content: { 'application/json': { schema } } };
}

export const NO_CONTENT: ResponseOrRef = { description: 'Done; no body.' };

/** Any JSON object: for answers whose shape is owned by an area without a published contract yet. */
export const ANY_OBJECT: JsonSchema = { type: 'object', additionalProperties: true };

export interface OperationSpec {
  id: string;
  summary: string;
  description?: string;
  tag: string;
  params?: Parameter[];
  body?: RequestBody;
  /** Success answers by status. */
  ok: Record<string, ResponseOrRef>;
  /** Error statuses besides 401 (added unless the operation is public) and 500. */
  errors?: ErrorStatus[];
  /** Public endpoints (sign-in, health, inbound hooks): no credentials needed. */
  public?: boolean;
  security?: SecurityRequirement[];
}

export function operation(spec: OperationSpec): Operation {
  const responses: Record<string, ResponseOrRef> = { ...spec.ok };
  const statuses: ErrorStatus[] = [...(spec.public ? [] : (['401'] as const)), ...(spec.errors ?? [])];
  for (const status of [...new Set(statuses)].sort()) responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status][0]}` };
  responses['500'] = { $ref: '#/components/responses/Internal' };
  return {
    operationId: spec.id,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    ...(spec.params && spec.params.length > 0 ? { parameters: spec.params } : {}),
    ...(spec.body ? { requestBody: spec.body } : {}),
    responses,
    ...(spec.public ? { security: [] } : spec.security ? { security: spec.security } : {}),
  };
}
