import type { App, Entity, Field } from '../../generated/definition.types.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';

/*
 * The bodies of /api/definitions as the builder uses them. The runtime's handlers
 * (runtime/src/definitions/definitions.routes.ts) annotate what they send with these types, so a
 * change of shape on either side is a compile error instead of a blank publish dialog.
 *
 *   GET  /api/definitions/live               -> App (header X-Definition-Version)
 *   GET  /api/definitions/draft              -> App (header X-Definition-Source: DefinitionSource)
 *   PUT  /api/definitions/draft   App        -> PutDraftResponse (422 INVALID_DEFINITION lists the issues)
 *   PUT  /api/definitions/draft?allowIssues=1 -> PutDraftResponse: work in progress stored with its issues
 *   DELETE /api/definitions/draft            -> App: the draft discarded, the live definition is the draft
 *                                               again (headers X-Definition-Source: live, X-Definition-Version);
 *                                               409 NOTHING_PUBLISHED when nothing is published yet
 *   POST /api/definitions/publish[?dryRun=1] PublishRequest  -> PublishResponse | PublishDryRunResponse
 *   GET  /api/definitions/versions           -> VersionSummary[]
 *   GET  /api/definitions/versions/:version  -> VersionDetail
 *   POST /api/definitions/rollback[?dryRun=1] RollbackRequest -> PublishResponse | PublishDryRunResponse
 *   GET  /api/definitions/archives           -> ArchiveSummary[]
 *
 * There is no separate validate route: PUT draft validates (shape, semantics, storage checks) and
 * a dry-run publish adds the migration plan.
 */

/** Where GET draft's document comes from: the draft being edited, or live when there is none. */
export type DefinitionSource = 'draft' | 'live';

export const DEFINITION_VERSION_HEADER = 'X-Definition-Version';
export const DEFINITION_SOURCE_HEADER = 'X-Definition-Source';

/** PUT draft: the stored draft, with the stable ids the server gave new entities and fields. */
export interface PutDraftResponse {
  /** The stored draft: an App when it has no issues (new entities and fields then carry stable ids). */
  definition: unknown;
  /** Empty unless saved with allowIssues (without it a draft with issues is refused with 422). */
  issues: DefinitionIssue[];
}

export type PlanStepKind =
  | 'drop-search'
  | 'drop-index'
  | 'drop-unique'
  | 'drop-field'
  | 'drop-link'
  | 'drop-entity'
  | 'rename-entity'
  | 'rename-field'
  | 'change-type'
  | 'check-options'
  | 'create-entity'
  | 'restore-entity'
  | 'add-field'
  | 'add-link'
  | 'restore-field'
  | 'restore-link'
  | 'require-field'
  | 'add-index'
  | 'add-unique'
  | 'add-search';

/**
 * One step of a migration plan as the publish dialog shows it. The runtime's steps carry more (what
 * the migrator needs: tables, columns, SQL types); those extra members are not part of the contract.
 */
export interface PlanStepView {
  /** `<kind>:<entity>` or `<kind>:<entity>.<field>`: what `confirm` names. */
  id: string;
  kind: PlanStepKind;
  entity: string;
  field?: string;
  /** Drops data (it is archived); the publish must list the step's id in `confirm`. */
  destructive: boolean;
  description: LocalizedMessage;
  /** Dry runs only, on destructive steps: how many records (or links) hold the data it archives. */
  rows?: number;
}

/** POST publish / rollback body; the query `dryRun=1` (or `true`) only computes the plan. */
export interface PublishRequest {
  /** Ids of the destructive steps the publisher agrees to. */
  confirm?: string[];
  note?: string | null;
}

export interface RollbackRequest {
  version: number;
  confirm?: string[];
}

export interface PublishResponse {
  version: number;
  plan: PlanStepView[];
}

export interface PublishDryRunResponse {
  plan: PlanStepView[];
  issues: DefinitionIssue[];
}

export interface VersionSummary {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  note: string | null;
  isLive: boolean;
  /** Number of steps the publish ran. */
  steps: number;
}

export interface VersionDetail extends VersionSummary {
  plan: PlanStepView[];
  definition: App;
}

/** Data a publish dropped, kept so a later publish or rollback can restore it. */
export interface ArchiveSummary {
  id: number;
  version: number;
  kind: 'entity' | 'field' | 'link';
  entity: string;
  field: string | null;
  tableName: string;
  definition: Entity | Field;
  createdAt: string;
  restoredAt: string | null;
}
