import { checkCondition, type App } from '@crm/schemas';
import type { EntityAccess } from '../access/index.js';
import { ValidationError, type AppError, type ErrorDetail } from '../errors/index.js';
import type { SavedViewConfig, SavedViewSortKey } from '@crm/schemas';

/*
 * The body of POST and PATCH /api/saved-views, checked against the entity as the caller sees it:
 * columns and sort keys must be fields the caller can read, the filter a condition over the entity
 * that only names such fields. Every problem is one detail naming its input.
 */

export interface SavedViewInput extends Partial<SavedViewConfig> {
  name?: string;
  shared?: boolean;
}

const NAME_MAX = 120;
const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function detail(field: string, code: string, message: string, messageRu: string): ErrorDetail {
  return { field, code, message, message_ru: messageRu };
}

function invalid(details: ErrorDetail[]): AppError {
  return ValidationError.create('The saved view is not valid.', details);
}

function parseColumns(value: unknown, access: EntityAccess, out: ErrorDetail[]): string[] | undefined {
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'string')) {
    out.push(detail('columns', 'INVALID_COLUMNS', 'columns must be a list of field names.', 'Колонки — это список имён полей.'));
    return undefined;
  }
  const names = value.filter((c): c is string => typeof c === 'string');
  for (const name of names) {
    if (!FIELD_NAME.test(name) || !access.isFieldVisible(name)) {
      out.push(detail('columns', 'UNKNOWN_FIELD', `There is no field "${name}" to show.`, `Поля «${name}» нет.`));
    }
  }
  return [...new Set(names)];
}

function parseSort(value: unknown, access: EntityAccess, out: ErrorDetail[]): SavedViewSortKey[] | undefined {
  if (!Array.isArray(value)) {
    out.push(detail('sort', 'INVALID_SORT', 'sort must be a list of {field, dir}.', 'Сортировка задана неверно.'));
    return undefined;
  }
  const keys: SavedViewSortKey[] = [];
  for (const item of value) {
    const field: unknown = isPlainObject(item) ? item['field'] : undefined;
    const dir: unknown = isPlainObject(item) ? (item['dir'] ?? 'asc') : undefined;
    if (typeof field !== 'string' || !FIELD_NAME.test(field) || !access.isFieldVisible(field) || (dir !== 'asc' && dir !== 'desc')) {
      out.push(detail('sort', 'INVALID_SORT', 'Each sort key is a readable field and "asc" or "desc".', 'Сортировать можно по доступному полю, по возрастанию или убыванию.'));
      continue;
    }
    keys.push({ field, dir });
  }
  return keys;
}

function parseFilter(value: unknown, app: App, entity: string, access: EntityAccess, out: ErrorDetail[]): unknown {
  if (value === null) return null;
  const issues = checkCondition(value, {
    app,
    entity,
    allowTriggerOps: false,
    isFieldVisible: (e, f) => (e === entity ? access.isFieldVisible(f) : true),
  });
  for (const issue of issues) {
    out.push({ field: 'filter', code: 'INVALID_FILTER', pointer: issue.path, message: issue.message.en, message_ru: issue.message.ru });
  }
  return value;
}

/** Checks a body; `creating` requires a name. Throws VALIDATION_FAILED listing every problem. */
export function parseSavedViewInput(body: unknown, ctx: { app: App; entity: string; access: EntityAccess; creating: boolean }): SavedViewInput {
  if (!isPlainObject(body)) throw invalid([detail('body', 'INVALID_BODY', 'Send the view as a JSON object.', 'Представление нужно передать объектом JSON.')]);
  const out: ErrorDetail[] = [];
  const input: SavedViewInput = {};
  if (body['name'] !== undefined || ctx.creating) {
    const name = typeof body['name'] === 'string' ? body['name'].trim() : '';
    if (name === '' || name.length > NAME_MAX) {
      out.push(detail('name', 'INVALID_NAME', `Give the view a name of 1 to ${NAME_MAX} characters.`, `Назовите представление (от 1 до ${NAME_MAX} символов).`));
    } else input.name = name;
  }
  if (body['shared'] !== undefined) {
    if (typeof body['shared'] !== 'boolean') out.push(detail('shared', 'INVALID_SHARED', 'shared is true or false.', 'shared — true или false.'));
    else input.shared = body['shared'];
  }
  if (body['columns'] !== undefined) input.columns = parseColumns(body['columns'], ctx.access, out);
  if (body['sort'] !== undefined) input.sort = parseSort(body['sort'], ctx.access, out);
  if (body['filter'] !== undefined) input.filter = parseFilter(body['filter'], ctx.app, ctx.entity, ctx.access, out);
  if (body['q'] !== undefined) {
    const q = body['q'];
    if (q !== null && typeof q !== 'string') out.push(detail('q', 'INVALID_Q', 'q is a search text or null.', 'q — строка поиска или null.'));
    else input.q = q === null || q.trim() === '' ? null : q.trim();
  }
  if (out.length > 0) throw invalid(out);
  return input;
}
