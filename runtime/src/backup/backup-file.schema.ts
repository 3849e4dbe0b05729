import { Ajv2020 } from 'ajv/dist/2020.js';
import type { JSONSchemaType } from 'ajv';
import type { BackupHeader, ConstraintDdl, EndLine, TableEndLine, TableStartLine } from './backup-file.types.js';

/*
 * The control lines of a backup file, checked by Ajv against schemas typed from backup-file.types.ts
 * (JSONSchemaType keeps the two in step), so a restore acts only on lines of the shape it expects.
 */

const ajv = new Ajv2020({ allErrors: true, strict: false });

const tableSummary = {
  type: 'object',
  required: ['name', 'rows', 'role'],
  properties: {
    name: { type: 'string', minLength: 1 },
    rows: { type: 'integer', minimum: 0 },
    role: { type: 'string', enum: ['system', 'definition'] },
  },
} as const;

const headerSchema: JSONSchemaType<BackupHeader> = {
  type: 'object',
  required: ['section', 'format', 'formatVersion', 'appVersion', 'createdAt', 'databaseKind', 'migrations', 'tables'],
  properties: {
    section: { type: 'string', const: 'header' },
    format: { type: 'string', const: 'crm-backup' },
    formatVersion: { type: 'integer', minimum: 1 },
    appVersion: { type: 'string' },
    createdAt: { type: 'string' },
    databaseKind: { type: 'string', enum: ['pglite', 'postgres'] },
    migrations: { type: 'array', items: { type: 'string' } },
    tables: { type: 'array', items: tableSummary },
  },
};

// Nullable required fields are beyond JSONSchemaType's reach; these two are checked by the tests.
const columnSchema = {
  type: 'object',
  required: ['name', 'type', 'notNull', 'default', 'generated', 'identity'],
  properties: {
    name: { type: 'string', minLength: 1 },
    type: { type: 'string', pattern: '^[a-z][a-z0-9 ]*(\\(\\d+(,\\d+)?\\))?(\\[\\])?$' },
    notNull: { type: 'boolean' },
    default: { type: ['string', 'null'] },
    generated: { type: ['string', 'null'] },
    identity: { enum: ['always', 'by default', null] },
  },
} as const;

const constraintSchema: JSONSchemaType<ConstraintDdl> = {
  type: 'object',
  required: ['name', 'kind', 'definition'],
  properties: {
    name: { type: 'string', minLength: 1 },
    kind: { type: 'string', enum: ['primary', 'unique', 'check', 'foreign', 'exclusion'] },
    definition: { type: 'string' },
  },
};

const ddlSchema = {
  type: 'object',
  required: ['columns', 'constraints', 'indexes', 'sequences'],
  properties: {
    columns: { type: 'array', items: columnSchema, minItems: 1 },
    constraints: { type: 'array', items: constraintSchema },
    indexes: { type: 'array', items: { type: 'string', pattern: '^CREATE (UNIQUE )?INDEX ' } },
    sequences: { type: 'array', items: { type: 'string' } },
  },
} as const;

const tableStartSchema = {
  type: 'object',
  required: ['section', 'name', 'role'],
  properties: {
    section: { type: 'string', const: 'table' },
    name: { type: 'string', minLength: 1 },
    role: { type: 'string', enum: ['system', 'definition'] },
    ddl: ddlSchema,
  },
} as const;

const tableEndSchema: JSONSchemaType<TableEndLine> = {
  type: 'object',
  required: ['section', 'name', 'rows'],
  properties: {
    section: { type: 'string', const: 'end-table' },
    name: { type: 'string' },
    rows: { type: 'integer', minimum: 0 },
  },
};

const endSchema = {
  type: 'object',
  required: ['section', 'sequences'],
  properties: {
    section: { type: 'string', const: 'end' },
    sequences: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'lastValue'],
        properties: { name: { type: 'string' }, lastValue: { type: ['integer', 'null'] } },
      },
    },
  },
} as const;

export const isBackupHeader = ajv.compile(headerSchema);
export const isTableStartLine = ajv.compile<TableStartLine>(tableStartSchema);
export const isTableEndLine = ajv.compile(tableEndSchema);
export const isEndLine = ajv.compile<EndLine>(endSchema);
