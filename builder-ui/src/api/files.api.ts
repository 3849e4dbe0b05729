import type { FileValue } from '@crm/schemas';
import { uploadBody } from './http.client.js';

/*
 * Attachments of file fields (runtime/src/files/README.md): an upload is the file's bytes, its
 * name in ?name=; the answer is the value the record's field then holds. Downloads are plain links
 * (the browser fetches them with the session cookie).
 */

/** A file field's value, as the records API stores it (http/files.contract.ts). */
export type { FileValue };

export function uploadFile(entity: string, field: string, file: File, onProgress?: (loaded: number, total: number) => void): Promise<FileValue> {
  const query = new URLSearchParams({ entity, field, name: file.name }).toString();
  return uploadBody<FileValue>(`/api/files?${query}`, file, onProgress);
}

/** A file a saved record holds: for anyone who may read the record and the field. */
export function recordFileUrl(entity: string, id: string, field: string, key: string): string {
  return `/api/records/${encodeURIComponent(entity)}/${encodeURIComponent(id)}/files/${encodeURIComponent(field)}/${encodeURIComponent(key)}`;
}

/** An upload not yet saved with the record: only its uploader may fetch it. */
export function uploadPreviewUrl(key: string): string {
  return `/api/files/${encodeURIComponent(key)}`;
}
