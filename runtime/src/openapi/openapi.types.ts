import type { JsonSchema } from '@crm/schemas';

/*
 * The part of OpenAPI 3.1 this runtime writes: plain JSON objects, so the document is served as it
 * is built. Schemas are JSON Schema 2020-12 (OpenAPI 3.1's own dialect), the same objects
 * @crm/schemas compiles for record validation.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type SchemaOrRef = JsonSchema;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: SchemaOrRef;
}

export interface MediaType {
  schema: SchemaOrRef;
}

export interface RequestBody {
  required?: boolean;
  description?: string;
  content: Record<string, MediaType>;
}

export interface Response {
  description: string;
  headers?: Record<string, { description?: string; schema: SchemaOrRef }>;
  content?: Record<string, MediaType>;
}

export type ResponseOrRef = Response | { $ref: string };

export type SecurityRequirement = Record<string, string[]>;

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: RequestBody;
  responses: Record<string, ResponseOrRef>;
  security?: SecurityRequirement[];
}

export type PathItem = Partial<Record<HttpMethod, Operation>>;

export type Paths = Record<string, PathItem>;

export interface Components {
  schemas: Record<string, SchemaOrRef>;
  responses: Record<string, Response>;
  parameters: Record<string, Parameter>;
  securitySchemes: Record<string, Record<string, string>>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string; description?: string }>;
  security: SecurityRequirement[];
  paths: Paths;
  components: Components;
}

/** What one area adds to the document: its paths and the component schemas they refer to. */
export interface PathSet {
  paths: Paths;
  schemas?: Record<string, SchemaOrRef>;
}
