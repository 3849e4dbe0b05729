import { fileFieldLabel, fileMatchesAccept, fileSizeLimitBytes, fileSizeLimitMb, fileTooLargeMessage, fileTypeRefusedMessage, type FileField, type UiLocale } from '@crm/schemas';

/*
 * Pure helpers of the file widgets: the values a file field holds, sizes in the person's locale,
 * and the check before an upload, with the server's words (@crm/schemas file-accept.rules).
 */

export interface FileValue {
  name: string;
  size: number;
  mime: string;
  key: string;
}

function isFileValue(value: unknown): value is FileValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    'key' in value &&
    typeof value.key === 'string' &&
    'name' in value &&
    typeof value.name === 'string' &&
    'size' in value &&
    typeof value.size === 'number' &&
    'mime' in value &&
    typeof value.mime === 'string'
  );
}

/** A field's value as a list (one file, several, or none). */
export function fileValues(value: unknown): FileValue[] {
  if (Array.isArray(value)) return value.filter(isFileValue);
  return isFileValue(value) ? [value] : [];
}

/** The value to store for `files`: the list for `multiple`, else the one file or null. */
export function fileFieldValue(field: Pick<FileField, 'multiple'>, files: readonly FileValue[]): FileValue | FileValue[] | null {
  if (field.multiple === true) return [...files];
  return files[0] ?? null;
}

const UNITS: Record<UiLocale, readonly string[]> = { ru: ['Б', 'КБ', 'МБ', 'ГБ'], en: ['B', 'KB', 'MB', 'GB'] };

/** 532 B, 12 KB, 1.4 MB / 1,4 МБ: binary steps, one decimal under 10, the locale's decimal sign. */
export function formatFileSize(bytes: number, locale: UiLocale): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return `${number}\u00a0${UNITS[locale][unit]}`;
}

export function isImage(file: Pick<FileValue, 'mime'>): boolean {
  return file.mime.startsWith('image/') && file.mime !== 'image/svg+xml';
}

/** Why `file` cannot go into `field` before it is sent (the server says the same), or null. */
export function fileRefusal(field: FileField, file: { name: string; type: string; size: number }, locale: UiLocale): string | null {
  const label = fileFieldLabel(field);
  if (file.size > fileSizeLimitBytes(field)) return fileTooLargeMessage(label, fileSizeLimitMb(field))[locale];
  // The browser's type is a guess from the extension; the server decides on the bytes.
  if (!fileMatchesAccept(field.accept, { name: file.name, mime: file.type })) return fileTypeRefusedMessage(label, field.accept ?? [])[locale];
  return null;
}

/** The accept attribute of the file input (the same patterns, comma-separated). */
export function acceptAttribute(field: Pick<FileField, 'accept'>): string | undefined {
  return field.accept && field.accept.length > 0 ? field.accept.join(',') : undefined;
}
