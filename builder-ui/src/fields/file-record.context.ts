import { computed, inject, provide, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import { recordFileUrl, uploadPreviewUrl } from '../api/files.api.js';
import type { FileValue } from './file-value.rules.js';

/*
 * Which saved record the file widgets show: a download address names the record
 * (/api/records/:entity/:id/files/:field/:key), which the widgets' props do not carry. The record
 * page and the record form provide it; without it (a new record, a list) a file just uploaded is
 * offered from its preview address and a saved one is shown by name only.
 */

export interface FileRecordRef {
  entity: string;
  id: string | null;
}

const FILE_RECORD: InjectionKey<Readonly<Ref<FileRecordRef | null>>> = Symbol('file-record');

export function provideFileRecord(source: Readonly<Ref<FileRecordRef | null>>): void {
  provide(FILE_RECORD, source);
}

/** The address of `file` in `field`, or null when there is none to offer. `uploaded`: keys this form uploaded. */
export function useFileHref(): ComputedRef<(field: string, file: FileValue, uploaded?: ReadonlySet<string>) => string | null> {
  const record = inject(FILE_RECORD, null);
  return computed(() => (field: string, file: FileValue, uploaded?: ReadonlySet<string>) => {
    if (uploaded?.has(file.key)) return uploadPreviewUrl(file.key);
    const current = record?.value;
    return current?.id ? recordFileUrl(current.entity, current.id, field, file.key) : null;
  });
}
