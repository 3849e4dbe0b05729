import type { Knex } from 'knex';
import { UnauthorizedError } from '../errors/index.js';
import type { RecordEntityModel } from './record-entity.model.js';
import type { RecordCaller, StoredRecord } from './record.types.js';

/*
 * The authorize step. Roles and scopes (own / team / subtree / all, field access, sharing rules)
 * arrive in a later issue; they plug in here by providing another RecordAuthorizer. The service
 * calls it for every operation, after validation and, for existing records, with the record as
 * stored, so a scope check can look at its owner.
 */

export type RecordOperation = 'create' | 'read' | 'list' | 'update' | 'delete' | 'restore' | 'history';

export interface AuthorizationRequest {
  operation: RecordOperation;
  /** The handle to query with (the write's transaction inside a write). */
  db: Knex;
  model: RecordEntityModel;
  caller: RecordCaller;
  /** The record as stored, for operations on one existing record. */
  record?: StoredRecord;
  /** The values being written (create, update). */
  values?: Readonly<Record<string, unknown>>;
}

export interface RecordAuthorizer {
  /** Throws ForbiddenError (or UnauthorizedError) when the caller may not do this. */
  authorize(request: AuthorizationRequest): Promise<void> | void;
}

/** For now: any signed-in person, and any process, may do anything. */
export const signedInAuthorizer: RecordAuthorizer = {
  authorize({ caller }) {
    if (!caller.user && !caller.process) throw UnauthorizedError.create();
  },
};
