import { fileFieldLabel, fileMatchesAccept, fileSizeLimitBytes, fileSizeLimitMb, fileTooLargeMessage, fileTypeRefusedMessage, type App, type FileField } from '@crm/schemas';
import type { AccessPolicy } from '../access/index.js';
import { BadRequestError, ForbiddenError, PayloadTooLargeError, UnsupportedMediaTypeError, type AppError } from '../errors/index.js';
import { FileRefusedError } from './file-refused.error.js';

/*
 * Who may upload what, decided before a byte of the body is read: the caller may create or update
 * records of the entity and write the field (their roles' field access; API tokens carry only the
 * roles they were given). A field hidden from the caller is answered exactly like a field the
 * entity does not have, so an upload cannot confirm it exists. Size and type are checked with the
 * shared rules of @crm/schemas (file-accept.rules), the ones the workspace widget uses.
 */

export interface UploadTarget {
  entity: string;
  field: FileField;
  limitBytes: number;
  limitMb: number;
}

const NAME_MAX = 255;

function unknownField(entity: string, field: string): AppError {
  const message = `Entity "${entity}" has no file field "${field}".`;
  return BadRequestError.create(message, [{ field: 'field', code: 'UNKNOWN_FIELD', message, message_ru: `В сущности «${entity}» нет поля-файла «${field}».` }]);
}

/** The entity's file field the caller may upload into, or the refusal. */
export function uploadTarget(app: App, policy: AccessPolicy, entity: unknown, field: unknown, capMb: number): UploadTarget {
  const entityDef = typeof entity === 'string' ? app.entities.find((e) => e.name === entity) : undefined;
  const access = entityDef ? policy.entity(entityDef.name) : undefined;
  if (!entityDef || !access?.can('read')) {
    const message = 'Name an entity you may read: ?entity=deal.';
    throw BadRequestError.create(message, [{ field: 'entity', code: 'UNKNOWN_ENTITY', message, message_ru: 'Укажите сущность, которую вам можно читать: ?entity=deal.' }]);
  }
  const name = typeof field === 'string' ? field : '';
  const fieldDef = entityDef.fields.find((f): f is FileField => f.name === name && f.type === 'file');
  if (!fieldDef || !access.isFieldVisible(name)) throw unknownField(entityDef.name, name);
  if (!(access.can('create') || access.can('update')) || access.fieldAccess(name) !== 'write' || fieldDef.readOnly === true) {
    const label = fileFieldLabel(fieldDef);
    throw ForbiddenError.create(`You may not attach files to ${label.en}.`, [
      { field: name, code: 'FIELD_NOT_WRITABLE', message: `You may not attach files to ${label.en}.`, message_ru: `Вам нельзя прикреплять файлы к полю ${label.ru}.` },
    ]);
  }
  return { entity: entityDef.name, field: fieldDef, limitBytes: fileSizeLimitBytes(fieldDef, capMb), limitMb: fileSizeLimitMb(fieldDef, capMb) };
}

export function fileTooLarge(target: UploadTarget): AppError {
  const text = fileTooLargeMessage(fileFieldLabel(target.field), target.limitMb);
  return PayloadTooLargeError.create(text.en, [
    { field: target.field.name, code: 'FILE_TOO_LARGE', limitBytes: target.limitBytes, message: text.en, message_ru: text.ru },
  ]);
}

/** 415 unless the file (its stored, sniffed type and its name) matches the field's accept list. */
export function checkAccepted(target: UploadTarget, file: { name: string; mime: string }): void {
  if (fileMatchesAccept(target.field.accept, file)) return;
  const text = fileTypeRefusedMessage(fileFieldLabel(target.field), target.field.accept ?? []);
  throw UnsupportedMediaTypeError.create(text.en, [
    { field: target.field.name, code: 'FILE_TYPE_NOT_ACCEPTED', accept: target.field.accept ?? [], mime: file.mime, message: text.en, message_ru: text.ru },
  ]);
}

/** The file's name from ?name= (decoded by the query parser): its last path segment, trimmed, without control characters. */
export function uploadName(target: UploadTarget, raw: unknown): string {
  const base = typeof raw === 'string' ? (raw.split(/[\\/]/).pop() ?? '') : '';
  const name = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name === '' || name.length > NAME_MAX) {
    const message = `Give the file's name (at most ${NAME_MAX} characters) in ?name=.`;
    throw FileRefusedError.create(message, [
      { field: target.field.name, code: 'FILE_NAME_REQUIRED', message, message_ru: `Укажите имя файла (не длиннее ${NAME_MAX} символов) в ?name=.` },
    ]);
  }
  return name;
}

export function emptyFile(target: UploadTarget): AppError {
  const label = fileFieldLabel(target.field);
  return FileRefusedError.create(`${label.en}: the file is empty.`, [
    { field: target.field.name, code: 'FILE_EMPTY', message: `${label.en}: the file is empty.`, message_ru: `${label.ru}: файл пустой.` },
  ]);
}
