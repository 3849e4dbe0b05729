import type { CallerView } from './described-entities.policy.js';
import { jsonAnswer, operation, pathParam, queryParam } from './openapi-operation.factory.js';
import type { PathSet, Response } from './openapi.types.js';
import { entityTypeStem } from './record-paths.factory.js';

/*
 * Files of file fields (files/files.routes.ts): upload the bytes first, then save the answered
 * {name, size, mime, key} in the record's file field; a record's file is downloaded through the
 * record, with the record's and the field's read permissions. Every refused download is a 404.
 */

const UUID = { type: 'string', format: 'uuid' };
const FILE_VALUE = { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' }, mime: { type: 'string' }, key: { type: 'string', format: 'uuid' } }, required: ['name', 'size', 'mime', 'key'] };
const BYTES: Response = { description: 'The file’s bytes with its type; images and PDF inline, the rest as a download.', content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } };

export function filePaths(view: CallerView | null): PathSet {
  const paths: PathSet['paths'] = {
    '/api/files': {
      post: operation({
        id: 'uploadFile',
        tag: 'files',
        summary: 'Upload a file for a file field',
        description: 'The raw bytes are the body. The answer is the value to put in the record’s file field.',
        params: [queryParam('entity', 'The entity of the field.'), queryParam('field', 'The file field.'), queryParam('name', 'The file name.')],
        body: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } },
        ok: { '201': jsonAnswer('The stored file.', FILE_VALUE) },
        errors: ['400', '403', '404', '413', '415'],
      }),
    },
    '/api/files/{key}': {
      get: operation({ id: 'downloadUpload', tag: 'files', summary: 'One’s own upload, before it is saved in a record', params: [pathParam('key', 'The file key.', UUID)], ok: { '200': BYTES }, errors: ['404'] }),
    },
  };
  for (const described of view?.entities ?? []) {
    const name = described.entity.name;
    const fileFields = described.entity.fields.filter((f) => f.type === 'file').map((f) => f.name);
    paths[`/api/records/${name}/{id}/files/{field}/{key}`] = {
      get: operation({
        id: `download${entityTypeStem(name)}RecordFile`,
        tag: `records: ${name}`,
        summary: `A file a ${described.entity.label.en} record holds`,
        params: [pathParam('id', 'The record id.', UUID), pathParam('field', fileFields.length > 0 ? `A file field: ${fileFields.join(', ')}.` : 'A file field (this entity has none the caller may see).', fileFields.length > 0 ? { type: 'string', enum: fileFields } : { type: 'string' }), pathParam('key', 'The file key.', UUID)],
        ok: { '200': BYTES },
        errors: ['404'],
      }),
    };
  }
  return { paths };
}
