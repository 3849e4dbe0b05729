import type { App, Condition } from '@crm/schemas';
import type { Knex } from 'knex';
import type { JsonValue } from '../json.types.js';
import type { TextTemplatesPort } from './text-templates.port.js';

/*
 * What the engine needs from its host, passed in when it is created (ARCHITECTURE §3, STYLE
 * "Layers"). The runtime implements these over its records service, its people tables, its
 * SSRF-safe outbound client and its mailer; tests use the same runtime adapters over a real
 * database. Every call that touches the database receives the handle to use: inside a step that
 * is the step's transaction, so the step's effects commit or roll back together with its state.
 */

/** A person as the engine sees them; `$user` in process values. */
export interface EngineUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  teamId: string | null;
  managerId: string | null;
  attributes: Record<string, unknown>;
  /**
   * Set when the person acts through an API token: the token's roles. The host narrows the
   * person's roles to these on every permission check, and a run started by such a caller keeps
   * the limit (process_runs.actor_role_limit), so a script acting as the user cannot reach past it.
   */
  roleLimit?: readonly string[];
}

/** A record as stored (system columns included). */
export type EngineRecord = Record<string, unknown> & { id: string; version: number; owner: string | null };

/** Who a record write is made for. */
export interface ProcessActor {
  /** The handle to use: the step's (or the save's) transaction. */
  db: Knex;
  /** The app definition the run is pinned to. */
  app: App;
  process: string;
  runId: string;
  /** How many process runs led to this write; writes made here trigger runs at depth + 1. */
  depth: number;
  /** The person who caused the run, if any. */
  user: EngineUser | null;
  /** 'system': the process's own rights (routing, field updates); 'user': the permissions of `user` (the script API). */
  actAs: 'system' | 'user';
  /**
   * The write is undone with its step when it fails: the step's savepoint or the batch's
   * transaction rolls back, so the host's own savepoint around it would be two round trips for
   * nothing. Only a node whose step fails whenever the write fails may say so (the record-write
   * nodes and assign do); a script that catches an API error must not.
   */
  undoneWithStep?: boolean;
}

export interface RecordQuery {
  /** A condition (checked by the host, which answers a bad one with an error naming it). */
  filter?: unknown;
  sort?: Array<{ field: string; dir: 'asc' | 'desc' }>;
  limit?: number;
}

export interface RecordsPort {
  get(actor: ProcessActor, entity: string, id: string): Promise<EngineRecord | null>;
  /** What `get` answers for each of `ids`, in one query: the records found by id (the others are missing, deleted or unreadable). */
  getMany(actor: ProcessActor, entity: string, ids: readonly string[]): Promise<Map<string, EngineRecord>>;
  create(actor: ProcessActor, entity: string, values: Record<string, unknown>): Promise<EngineRecord>;
  /**
   * `readCopy`: the record as the run last got it from this port (get, getMany or an update's
   * answer). The host may then write without reading the record again, the write itself checking
   * that the record is still at that version and still the actor's to update (and reading it again
   * when not).
   */
  update(actor: ProcessActor, entity: string, id: string, values: Record<string, unknown>, readCopy?: Readonly<Record<string, unknown>>): Promise<EngineRecord>;
  list(actor: ProcessActor, entity: string, query: RecordQuery): Promise<EngineRecord[]>;
  /** How many records matching `filter` each of `ownerIds` owns (absent owners own none). */
  countByOwner(actor: ProcessActor, entity: string, ownerIds: readonly string[], filter: Condition | undefined): Promise<Map<string, number>>;
  /** Ids of the records a one-to-many or many-to-many field of `record` leads to, oldest first. */
  relatedIds(actor: ProcessActor, entity: string, recordId: string, relation: string, filter: Condition | undefined, limit: number): Promise<{ entity: string; ids: string[] }>;
  /**
   * Records (not deleted) whose date or datetime `field` has one of the candidate values and that
   * match `condition`, ordered by id, after `afterId`: what a date trigger's scan asks for. Meant as
   * one indexed query; the engine checks each record's exact fire time itself.
   */
  dueByDate(actor: ProcessActor, entity: string, query: DateDueQuery): Promise<EngineRecord[]>;
}

/** The field values a date trigger's scan window can fire for (see triggers/date-trigger-occurrence.ts). */
export interface DateDueQuery {
  field: string;
  /** A date field's values, 'YYYY-MM-DD'. */
  dates?: string[];
  /** Inclusive bounds on the value: dates for a date field, ISO instants for a datetime field. */
  between?: { from: string; to: string };
  /** Yearly: the value's month and day, 'MM-DD' (a datetime's taken in `timeZone`), in any year. */
  monthDays?: string[];
  timeZone: string;
  condition?: Condition;
  /** The instant relative conditions ("within the last 7 days") are evaluated at. */
  now: Date;
  afterId: string | null;
  limit: number;
}

export interface PeoplePort {
  /** A person by id or e-mail; null when there is none or they are disabled. */
  findUser(db: Knex, ref: string): Promise<EngineUser | null>;
  /** Enabled people holding the role, ordered by id. */
  usersWithRole(db: Knex, role: string): Promise<EngineUser[]>;
  /** The person's manager: their own manager, else their team's manager (not themselves). */
  managerOf(db: Knex, userId: string): Promise<EngineUser | null>;
  /** Within the person's team and then up the team hierarchy: the first holder of `role` (or, with no role, the team manager). */
  seniorOf(db: Knex, userId: string, role: string | undefined): Promise<EngineUser | null>;
}

export interface HttpRequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  idempotencyKey: string;
}

export interface HttpResponseSpec {
  status: number;
  headers: Record<string, string>;
  body: JsonValue;
}

/** Outbound HTTP that refuses private addresses unless allow-listed (the runtime's outbound client). */
export interface HttpPort {
  request(spec: HttpRequestSpec): Promise<HttpResponseSpec>;
}

/** The published definition of a given version (runs are pinned to the version they started on). */
export interface DefinitionsPort {
  getVersion(db: Knex, version: number): Promise<App | null>;
}

/** User scripts, run in an isolated sandbox. */
export interface ScriptRequest {
  source: string;
  language: 'javascript' | 'typescript';
  input: Record<string, JsonValue>;
  api: Record<string, (...args: JsonValue[]) => Promise<JsonValue>>;
  timeoutMs: number;
  memoryMb: number;
}

export type ScriptOutcome =
  | { ok: true; output: JsonValue; logs: ScriptLog[] }
  | { ok: false; error: { code: string; message: string; line?: number; column?: number }; logs: ScriptLog[] };

export interface ScriptLog {
  level: string;
  message: string;
}

export interface ScriptPort {
  run(request: ScriptRequest): Promise<ScriptOutcome>;
}

/**
 * Locks that live as long as a transaction (api.lock in a before-save script): taken in `db`'s
 * transaction and let go only when it commits or rolls back, so a second save asking for the same
 * key waits until the first one's rows are committed and visible. On a handle that is not a
 * transaction there is nothing to hold the lock: the engine never asks for one there.
 */
export interface LocksPort {
  /** Takes the lock on `key`, waiting at most `waitMs` (>= 1) for whoever holds it; false when it could not be had in that time. */
  holdUntilCommit(db: Knex, key: string, waitMs: number): Promise<boolean>;
}

export interface EnginePorts {
  records: RecordsPort;
  locks: LocksPort;
  people: PeoplePort;
  definitions: DefinitionsPort;
  http: HttpPort;
  scripts: ScriptPort;
  /** Documents and e-mail templates (runtime/src/text-templates); absent: those nodes fail with a clear error. */
  texts?: TextTemplatesPort;
}
