/*
 * Duplicates: records that match a new one by its normalised e-mail or phone or by a key the entity
 * configures (`duplicateKeys`), named to the caller within their read scope (records' create
 * answer, the importer's match keys). Merging them (record-merge.*) uses records' service, which
 * uses this face: so the merge is not exported here (that would be a cycle); the composition root
 * mounts record-merge.routes.ts directly.
 */
export { duplicateKeyFields, duplicateKeyLists, duplicateKeysOf, keyCondition, keyMatchFields, keyMatchName, KEY_VALUE_JOIN, type DuplicateKey, type DuplicateKeyPart } from './duplicate-keys.rules.js';
export { findDuplicateRecords, MAX_DUPLICATES, type DuplicateMatch, type DuplicateQuery } from './duplicate-records.finder.js';
