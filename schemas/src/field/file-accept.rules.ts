import type { FileField } from '../../generated/definition.types.js';
import type { LocalizedMessage } from '../issues/definition-issue.types.js';

/*
 * What a file field takes, decided once for the runtime's upload endpoint and the workspace's file
 * widget, so both refuse the same files with the same words. `accept` holds MIME patterns
 * (`application/pdf`, `image/*`) and extensions (`.pdf`), as HTML's <input accept> does.
 */

/** The installation-wide cap on one file, in MB, whatever a field allows (the runtime may lower it). */
export const FILE_SIZE_CAP_MB = 25;

const MB = 1024 * 1024;

export interface FileFacts {
  name: string;
  mime: string;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? '' : name.slice(dot).toLowerCase();
}

function matchesOne(pattern: string, extension: string, mime: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (p === '') return false;
  if (p.startsWith('.')) return extension === p;
  if (p === '*' || p === '*/*') return true;
  if (p.endsWith('/*')) return mime.startsWith(p.slice(0, -1));
  return mime === p;
}

/** Whether the file matches the field's `accept` list (absent or empty: any file). */
export function fileMatchesAccept(accept: readonly string[] | undefined, file: FileFacts): boolean {
  if (!accept || accept.length === 0) return true;
  const extension = extensionOf(file.name);
  const mime = file.mime.split(';')[0]?.trim().toLowerCase() ?? '';
  return accept.some((pattern) => matchesOne(pattern, extension, mime));
}

/** The largest file the field takes, in MB: its maxSizeMb within the cap. */
export function fileSizeLimitMb(field: Pick<FileField, 'maxSizeMb'>, capMb: number = FILE_SIZE_CAP_MB): number {
  return field.maxSizeMb === undefined ? capMb : Math.min(field.maxSizeMb, capMb);
}

/** The same limit in bytes (a fraction of a MB rounds down, as the record schema's size bound does). */
export function fileSizeLimitBytes(field: Pick<FileField, 'maxSizeMb'>, capMb: number = FILE_SIZE_CAP_MB): number {
  return Math.floor(fileSizeLimitMb(field, capMb) * MB);
}

/** The field as people know it, «quoted», in both languages (its name when it has no label). */
export function fileFieldLabel(field: Pick<FileField, 'name' | 'label'>): LocalizedMessage {
  const en = field.label?.en ?? field.name;
  return { en: `«${en}»`, ru: `«${field.label?.ru ?? en}»` };
}

function mbText(limitMb: number): string {
  return String(Math.round(limitMb * 100) / 100);
}

/** "«Contract»: the file is larger than 10 MB." — said by the server (413) and by the widget before uploading. */
export function fileTooLargeMessage(fieldLabel: LocalizedMessage, limitMb: number): LocalizedMessage {
  return {
    en: `${fieldLabel.en}: the file is larger than ${mbText(limitMb)} MB, the most this field takes.`,
    ru: `${fieldLabel.ru}: файл больше ${mbText(limitMb).replace('.', ',')} МБ — больше это поле не принимает.`,
  };
}

/** "«Contract» takes only: .pdf, image/*." — for a file that does not match `accept` (415). */
export function fileTypeRefusedMessage(fieldLabel: LocalizedMessage, accept: readonly string[]): LocalizedMessage {
  const list = accept.join(', ');
  return {
    en: `${fieldLabel.en} takes only these files: ${list}.`,
    ru: `${fieldLabel.ru} принимает только такие файлы: ${list}.`,
  };
}
