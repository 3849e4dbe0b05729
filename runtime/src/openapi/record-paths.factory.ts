import { BULK_MAX_IDS, BULK_MAX_MATCHING, buildCatalog, compileRecordSchema, READ_ONLY_SYSTEM_FIELDS, recordReadSchema, recordTypeName, SYSTEM_FIELDS, type JsonSchema } from '@crm/schemas';
import type { CallerView, DescribedEntity } from './described-entities.policy.js';
import { headerParam, jsonAnswer, jsonBody, NO_CONTENT, operation, pathParam, queryParam, schemaRef } from './openapi-operation.factory.js';
import type { Parameter, PathItem, PathSet } from './openapi.types.js';
import { recordMergePath } from './record-merge-paths.factory.js';

/*
 * One path set per entity the caller may read, over /api/records/<entity> (records.routes.ts,
 * records-bulk.routes.ts), with the entity's record schemas compiled by @crm/schemas from the live
 * definition: the read shape (system fields and formulas marked readOnly), and the create and
 * update bodies cut to the fields the caller may write. Operations the caller's roles do not allow
 * are left out.
 */

const MAX_LIST_LIMIT = 500;

/**
 * deal -> Deal, sales_order -> SalesOrder: the stem of its component and operation names. Entity
 * names are the analyst's, so every name made from one ends in Record(s), Create(d), Update or Page,
 * endings no system operation or component uses: an entity called `task` or `user` cannot take
 * the name of GET /api/tasks/{id} (getTask) or of the people schemas.
 */
export function entityTypeStem(entity: string): string {
  return recordTypeName(entity).replace(/Record$/, '');
}

function readShape(view: CallerView, described: DescribedEntity): JsonSchema {
  const schema = recordReadSchema(buildCatalog(view.app), described.entity.name) ?? { type: 'object' };
  const readOnly = new Set<string>([...READ_ONLY_SYSTEM_FIELDS, ...described.entity.fields.filter((f) => f.type === 'formula').map((f) => f.name)]);
  const properties = schema['properties'];
  if (typeof properties !== 'object' || properties === null) return schema;
  const marked: Record<string, JsonSchema> = {};
  for (const [name, value] of Object.entries(properties)) marked[name] = readOnly.has(name) ? { ...value, readOnly: true } : value;
  return { ...schema, properties: marked };
}

/** The body a caller may send: the compiled record schema without the fields they may not write. */
function writeShape(view: CallerView, described: DescribedEntity, mode: 'create' | 'update'): JsonSchema {
  const compiled = compileRecordSchema(view.app, described.entity.name, mode);
  const properties: Record<string, JsonSchema> = {};
  for (const [name, value] of Object.entries(compiled.properties)) if (described.writable.has(name)) properties[name] = value;
  const required = compiled.required.filter((name) => name in properties);
  return {
    title: `${entityTypeStem(described.entity.name)}${mode === 'create' ? 'Create' : 'Update'}`,
    description: mode === 'create' ? `A new ${described.entity.label.en} record.` : `Fields to change; those left out keep their values.`,
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function listParameters(described: DescribedEntity): Parameter[] {
  const sortable = [...SYSTEM_FIELDS, ...described.entity.fields.map((f) => f.name)].join(', ');
  return [
    queryParam('filter', 'A condition in JSON (the condition language), e.g. {"field":"amount","op":"gt","value":100000}; {"and":[…]}, {"or":[…]}, {"not":{…}}, dot paths into relations.'),
    queryParam('sort', `Comma-separated fields, "-" for descending (e.g. "-amount,title"), or JSON [{"field","dir"}]. Fields: ${sortable}.`),
    queryParam('limit', `Records per page, 1 to ${MAX_LIST_LIMIT} (default 50).`, { type: 'integer', minimum: 1, maximum: MAX_LIST_LIMIT }),
    queryParam('cursor', 'The nextCursor of the previous page.'),
    queryParam('q', 'Full-text search over the entity’s search fields.'),
    queryParam('expand', 'Comma-separated relation and user fields (two levels, e.g. "company,company.owner") whose ids are replaced by what they point at.'),
    queryParam('count', '"1" adds `total`, the number of matching records.', { type: 'string', enum: ['0', '1', 'true', 'false'] }),
    queryParam('deleted', '"only": records in the trash; "1": live and deleted; absent: live only.', { type: 'string', enum: ['only', '1', 'include'] }),
  ];
}

const ID = pathParam('id', 'The record id.', { type: 'string', format: 'uuid' });
const IF_MATCH = headerParam('If-Match', 'The version the client read (its ETag, e.g. "3"): the write is refused with 412 if the record changed since; absent or * sets no condition.');
const ETAG = { ETag: { description: 'The record’s version, for If-Match.', schema: { type: 'string' } } };

/** What POST answers besides the record: readable records with the same normalised phone or e-mail. */
const DUPLICATES: JsonSchema = {
  type: 'array',
  description: 'Only when some matched: readable live records whose phone or e-mail (stored normalised: E.164, lower case) equals the new record\'s; at most 10. A hint: nothing is refused or merged.',
  items: {
    type: 'object',
    properties: { id: { type: 'string', format: 'uuid' }, display: { type: ['string', 'null'] }, matchedOn: { type: 'array', items: { type: 'string' } } },
    required: ['id', 'display', 'matchedOn'],
  },
};

/** The read shape plus `_duplicates` (underscored: no field name can take it). */
function createdShape(record: JsonSchema, stem: string): JsonSchema {
  const properties = typeof record['properties'] === 'object' && record['properties'] !== null ? record['properties'] : {};
  return { ...record, title: `${stem}Created`, properties: { ...properties, _duplicates: DUPLICATES } };
}

function recordAnswer(description: string, name: string) {
  return { description, headers: ETAG, content: { 'application/json': { schema: schemaRef(name) } } };
}

const HISTORY_ITEM: JsonSchema = {
  type: 'object',
  properties: {
    version: { type: 'integer' },
    action: { type: 'string', enum: ['create', 'update', 'delete', 'restore'] },
    at: { type: 'string', format: 'date-time' },
    actor: {
      type: 'object',
      description: 'A person, a process (with its run) or the system.',
      properties: { kind: { type: 'string', enum: ['user', 'process', 'system'] }, id: { type: ['string', 'null'] }, name: { type: 'string' }, process: { type: 'string' }, runId: { type: 'string' } },
      required: ['kind', 'id'],
    },
    changes: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, old: {}, new: {} }, required: ['field'] } },
  },
  required: ['version', 'action', 'at', 'actor', 'changes'],
};

/** POST …/bulk as schemas/src/http/records-bulk.contract.ts declares it. */
const BULK_ACTION: JsonSchema = { type: 'string', enum: ['assign_owner', 'change_stage', 'delete'] };

const BULK_BODY: JsonSchema = {
  type: 'object',
  properties: {
    action: BULK_ACTION,
    value: { type: 'string', description: 'The new owner’s id (assign_owner), or the stage (change_stage).' },
    ids: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: BULK_MAX_IDS },
    match: {
      type: 'object',
      description: `Every readable record matching the list’s filter and search instead of ids (at most ${BULK_MAX_MATCHING} per request).`,
      properties: {
        filter: { description: 'A condition, as in the list’s filter.' },
        q: { type: ['string', 'null'] },
        after: { type: ['string', 'null'], description: 'The `next` of an earlier answer that stopped at the limit: go on with the records after those it handled.' },
      },
      required: ['filter', 'q'],
    },
  },
  required: ['action'],
  oneOf: [{ required: ['ids'] }, { required: ['match'] }],
};

const BULK_ANSWER: JsonSchema = {
  type: 'object',
  properties: {
    action: BULK_ACTION,
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, ok: { type: 'boolean' }, version: { type: 'integer' }, title: { type: 'string' }, code: { type: 'string' }, field: { type: 'string' }, message: { type: 'string' }, message_ru: { type: 'string' } },
        required: ['id', 'ok'],
      },
    },
    done: { type: 'integer' },
    refused: { type: 'integer' },
    truncated: { type: 'boolean', description: 'With match: more records matched than one request handles.' },
    next: { type: 'string', description: 'With truncated: send the same request with match.after set to this to go on with the rest.' },
  },
  required: ['action', 'results', 'done', 'refused'],
};

function entityPaths(view: CallerView, described: DescribedEntity): PathSet {
  const name = described.entity.name;
  const stem = entityTypeStem(name);
  const tag = `records: ${name}`;
  const can = described.operations;
  const base = `/api/records/${name}`;
  const schemas: Record<string, JsonSchema> = {
    [`${stem}Record`]: readShape(view, described),
    [`${stem}Page`]: {
      type: 'object',
      properties: { data: { type: 'array', items: schemaRef(`${stem}Record`) }, nextCursor: { type: ['string', 'null'] }, total: { type: 'integer' } },
      required: ['data', 'nextCursor'],
    },
  };
  const collection: PathItem = {
    get: operation({ id: `list${stem}Records`, tag, summary: `List ${described.entity.label.en} records`, params: listParameters(described), ok: { '200': jsonAnswer('A page of records the caller may read.', schemaRef(`${stem}Page`)) }, errors: ['400', '403'] }),
  };
  const one: PathItem = {
    get: operation({
      id: `get${stem}Record`,
      tag,
      summary: `Read a ${described.entity.label.en} record`,
      params: [ID, queryParam('expand', 'Relation and user fields to replace by what they point at.'), queryParam('deleted', '"1": also a record in the trash.', { type: 'string', enum: ['1', 'include'] })],
      ok: { '200': recordAnswer('The record, without fields hidden from the caller.', `${stem}Record`) },
      errors: ['400', '404'],
    }),
  };
  const paths: PathSet['paths'] = { [base]: collection, [`${base}/{id}`]: one };
  if (can.create) {
    schemas[`${stem}Create`] = writeShape(view, described, 'create');
    schemas[`${stem}Created`] = createdShape(schemas[`${stem}Record`] ?? { type: 'object' }, stem);
    collection.post = operation({
      id: `create${stem}Record`,
      tag,
      summary: `Create a ${described.entity.label.en} record`,
      description: 'Before-save processes run in the same transaction; a refusal by one answers 422 and nothing is written.',
      body: jsonBody(schemaRef(`${stem}Create`)),
      ok: { '201': { ...recordAnswer('The stored record with id, version and owner, and `_duplicates`: readable records it may duplicate.', `${stem}Created`), headers: { ...ETAG, Location: { schema: { type: 'string' } } } } },
      errors: ['400', '403', '404', '409', '415', '422'],
    });
  }
  if (can.update) {
    schemas[`${stem}Update`] = writeShape(view, described, 'update');
    one.patch = operation({
      id: `update${stem}Record`,
      tag,
      summary: `Change a ${described.entity.label.en} record`,
      params: [ID, IF_MATCH],
      body: jsonBody(schemaRef(`${stem}Update`)),
      ok: { '200': recordAnswer('The record as stored.', `${stem}Record`) },
      errors: ['400', '403', '404', '409', '412', '415', '422'],
    });
  }
  if (can.delete) {
    one.delete = operation({ id: `delete${stem}Record`, tag, summary: `Move a ${described.entity.label.en} record to the trash`, params: [ID, IF_MATCH], ok: { '204': NO_CONTENT }, errors: ['400', '403', '404', '412', '422'] });
    paths[`${base}/{id}/restore`] = {
      post: operation({ id: `restore${stem}Record`, tag, summary: `Restore a ${described.entity.label.en} record from the trash`, params: [ID, IF_MATCH], ok: { '200': recordAnswer('The restored record.', `${stem}Record`) }, errors: ['400', '403', '404', '412', '422'] }),
    };
  }
  paths[`${base}/{id}/history`] = {
    get: operation({ id: `history${stem}Record`, tag, summary: 'Who changed which field from what to what', params: [ID], ok: { '200': jsonAnswer('Newest first.', { type: 'object', properties: { data: { type: 'array', items: HISTORY_ITEM } }, required: ['data'] }) }, errors: ['404'] }),
  };
  // The tasks and approvals processes gave people about the record (tasks.routes.ts), for whoever reads it.
  paths[`/api/tasks/on-record/${described.entity.name}/{recordId}`] = {
    get: operation({
      id: `processTasks${stem}Record`,
      tag: 'tasks',
      summary: `The process tasks and approvals about a ${described.entity.label.en} record`,
      description:
        'Open ones first (earliest due), then the rest, newest first, with the assignee’s and decider’s names, the outcome and comment. A title made from anything the caller may not read is null (the step’s label is given instead); the description is for the assignee, admins and builders only.',
      params: [pathParam('recordId', 'The record id.', { type: 'string', format: 'uuid' })],
      ok: { '200': jsonAnswer('Tasks.', { type: 'object', properties: { data: { type: 'array', items: { type: 'object' } } }, required: ['data'] }) },
      errors: ['404'],
    }),
  };
  if (can.update || can.delete) {
    paths[`${base}/bulk`] = {
      post: operation({
        id: `bulk${stem}Records`,
        tag,
        summary: 'Apply one action to many records',
        description: 'Each record is written on its own, as by hand; a refusal of one does not stop the others.',
        body: jsonBody(BULK_BODY),
        ok: { '200': jsonAnswer('Per id: done, or why not.', BULK_ANSWER) },
        errors: ['400', '404', '415'],
      }),
    };
  }
  if (can.update && can.delete) paths[`${base}/merge`] = recordMergePath(stem, tag, described.entity.label.en);
  return { paths, schemas };
}

/** Every readable entity's record paths and schemas. */
export function recordPaths(view: CallerView): PathSet {
  const out: Required<PathSet> = { paths: {}, schemas: {} };
  for (const described of view.entities) {
    const set = entityPaths(view, described);
    Object.assign(out.paths, set.paths);
    Object.assign(out.schemas, set.schemas);
  }
  return out;
}
