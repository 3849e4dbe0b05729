/*
 * Duplicates: records that match a new one by its normalised e-mail or phone, named to the caller
 * within their read scope (records' create answer). Merging them is not here yet.
 */
export { duplicateKeyFields, duplicateKeysOf, type DuplicateKey } from './duplicate-keys.rules.js';
export { findDuplicateRecords, MAX_DUPLICATES, type DuplicateMatch, type DuplicateQuery } from './duplicate-records.finder.js';
