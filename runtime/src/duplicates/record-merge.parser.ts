import type { ErrorDetail } from '../errors/index.js';
import { createErrorKind } from '../errors/app-error.js';
import { isUuid } from '../records/index.js';

/*
 * The body of POST /api/records/:entity/merge:
 *
 *   { survivor: id, merged: [id, ...], values?: { field: value }, versions?: { id: version } }
 *
 * `values` are the fields the person chose from the merged records (the survivor keeps its own
 * otherwise); `versions` are the versions the person saw, so a record changed since is not merged
 * blindly. A body that cannot be a merge (an id that is not one, the survivor among the merged,
 * more than MAX_MERGED) is 422 MERGE_INVALID naming the member.
 */

export const MAX_MERGED = 20;

export const MergeInvalidError = createErrorKind('MERGE_INVALID', 422, 'This is not a merge that can be made.');

export interface MergeRequest {
  survivor: string;
  merged: string[];
  values: Record<string, unknown>;
  versions: Map<string, number>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(field: string, code: string, message: string, messageRu: string): ErrorDetail {
  return { field, code, message, message_ru: messageRu };
}

export function parseMergeRequest(body: unknown): MergeRequest {
  const problems: ErrorDetail[] = [];
  const input = isPlainObject(body) ? body : {};
  const survivor = typeof input['survivor'] === 'string' ? input['survivor'].toLowerCase() : '';
  if (!isUuid(survivor)) problems.push(problem('survivor', 'INVALID_ID', 'survivor must be the id of the record that stays.', 'survivor — идентификатор записи, которая останется.'));
  const rawMerged = Array.isArray(input['merged']) ? input['merged'] : null;
  const merged = (rawMerged ?? []).map((id) => (typeof id === 'string' ? id.toLowerCase() : ''));
  if (rawMerged === null || merged.length === 0) {
    problems.push(problem('merged', 'REQUIRED', 'merged must list the ids of the records merged into the survivor.', 'merged — список идентификаторов записей, которые сливаются с основной.'));
  } else if (merged.length > MAX_MERGED) {
    problems.push(problem('merged', 'TOO_MANY', `At most ${MAX_MERGED} records are merged at once.`, `За раз объединяется не больше ${MAX_MERGED} записей.`));
  } else if (merged.some((id) => !isUuid(id))) {
    problems.push(problem('merged', 'INVALID_ID', 'Every entry of merged must be a record id.', 'Каждый элемент merged — идентификатор записи.'));
  } else if (new Set(merged).size !== merged.length) {
    problems.push(problem('merged', 'REPEATED_ID', 'merged names a record twice.', 'В merged запись указана дважды.'));
  } else if (merged.includes(survivor)) {
    problems.push(problem('merged', 'SURVIVOR_MERGED', 'The survivor cannot be merged into itself.', 'Основную запись нельзя слить саму с собой.'));
  }
  const values = input['values'] === undefined ? {} : input['values'];
  if (!isPlainObject(values)) problems.push(problem('values', 'INVALID_VALUES', 'values must be an object of field values.', 'values — объект со значениями полей.'));
  const versions = new Map<string, number>();
  const rawVersions = input['versions'];
  if (rawVersions !== undefined) {
    if (!isPlainObject(rawVersions) || Object.values(rawVersions).some((v) => !Number.isInteger(v))) {
      problems.push(problem('versions', 'INVALID_VERSIONS', 'versions must map record ids to the versions you saw.', 'versions — версии записей, которые вы видели, по их идентификаторам.'));
    } else {
      for (const [id, version] of Object.entries(rawVersions)) versions.set(id.toLowerCase(), version as number);
    }
  }
  for (const key of Object.keys(input)) {
    if (!['survivor', 'merged', 'values', 'versions'].includes(key)) problems.push(problem(key, 'UNKNOWN_MEMBER', `"${key}" is not part of a merge.`, `«${key}» не относится к объединению.`));
  }
  if (problems.length > 0) throw MergeInvalidError.create(problems[0]?.message, problems);
  return { survivor, merged, values: isPlainObject(values) ? values : {}, versions };
}
