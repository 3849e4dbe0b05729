import type { App, Condition } from '@crm/schemas';
import type { Knex } from 'knex';

/*
 * Grants name fields and entities, but each is its stable id (definitions/definition-ids.assigner.ts):
 * a field or entity deleted and recreated under the same name is a new one. A grant binds to the id its field
 * (for a role's entity permission: its entity) had
 * in the published version where the grant was written, that is the oldest version of the unbroken
 * run of published versions, ending at the newest, that all hold the grant with the same content
 * (role.fields value; role.entities value; a sharing rule's entity, access and condition). If that
 * id is not the id now, the grant is stale and grants nothing: a stale field grant makes the field
 * hidden for that role, a stale sharing rule matches no record, a stale entity permission is scope
 * `none` for every operation. Changing or removing the grant (or
 * restoring the old field) clears it. Grants in a definition that was never published bind to
 * whatever has the name now.
 */

export interface DefinitionSnapshot {
  version: number;
  /** The version's `roles` as stored. */
  roles: unknown;
  /** entity name -> field name -> stable id, as stored in the version. */
  fieldIds: unknown;
  /** entity name -> stable id, as stored in the version (absent: entity permissions are not checked). */
  entityIds?: unknown;
}

export interface StaleGrants {
  /** Keys made by fieldGrantKey. */
  fields: ReadonlySet<string>;
  /** Keys made by sharingRuleKey. */
  sharing: ReadonlySet<string>;
  /** Keys made by entityGrantKey (absent: none). */
  entities?: ReadonlySet<string>;
}

export const NO_STALE_GRANTS: StaleGrants = { fields: new Set(), sharing: new Set(), entities: new Set() };

export function entityGrantKey(role: string, entity: string): string {
  return JSON.stringify([role, entity]);
}

export function fieldGrantKey(role: string, entity: string, field: string): string {
  return JSON.stringify([role, entity, field]);
}

export function sharingRuleKey(role: string, rule: string): string {
  return JSON.stringify([role, rule]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal content prints equal whatever order it was written in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sharingContent(rule: { entity: unknown; access: unknown; condition: unknown }): string {
  const access = Array.isArray(rule.access) ? [...rule.access].map(String).sort() : [];
  return stableJson({ entity: rule.entity, access, condition: rule.condition });
}

/** The (entity, field) pairs a condition's paths pass through, resolved in `app`. */
function conditionFields(app: App, entity: string, condition: Condition): Array<[string, string]> {
  if ('and' in condition) return condition.and.flatMap((c) => conditionFields(app, entity, c));
  if ('or' in condition) return condition.or.flatMap((c) => conditionFields(app, entity, c));
  if ('not' in condition) return conditionFields(app, entity, condition.not);
  const pairs: Array<[string, string]> = [];
  let current: string | undefined = entity;
  for (const segment of condition.field.split('.')) {
    if (current === undefined) break;
    pairs.push([current, segment]);
    const field = app.entities.find((e) => e.name === current)?.fields.find((f) => f.name === segment);
    current = field?.type === 'relation' ? field.target : undefined;
  }
  return pairs;
}

/** A grant's target: a field of an entity, or (field null) the entity itself. */
type GrantTarget = [entity: string, field: string | null];

function currentId(app: App, [entity, field]: GrantTarget): string | undefined {
  const model = app.entities.find((e) => e.name === entity);
  return field === null ? model?.id : model?.fields.find((f) => f.name === field)?.id;
}

interface TrackedGrant {
  kind: 'field' | 'sharing' | 'entity';
  key: string;
  role: string;
  /** role.fields value, role.entities value, or the sharing rule's content. */
  content: string;
  /** sharing: rule name; field and entity: entity. */
  name: string;
  pairs: GrantTarget[];
  open: boolean;
  /** Ids of `pairs` in the oldest version seen so far that holds the grant unchanged. */
  bound: Array<string | undefined> | null;
}

function snapshotRole(snapshot: DefinitionSnapshot, name: string): Record<string, unknown> | undefined {
  if (!Array.isArray(snapshot.roles)) return undefined;
  return snapshot.roles.find((r: unknown): r is Record<string, unknown> => isRecord(r) && r['name'] === name);
}

function snapshotContent(snapshot: DefinitionSnapshot, grant: TrackedGrant): string | undefined {
  const role = snapshotRole(snapshot, grant.role);
  if (!role) return undefined;
  if (grant.kind === 'entity') {
    const entities = role['entities'];
    const value = isRecord(entities) ? entities[grant.name] : undefined;
    return value === undefined ? undefined : stableJson(value);
  }
  if (grant.kind === 'field') {
    const [entity, field] = grant.pairs[0] ?? [];
    const fields = role['fields'];
    const perEntity = isRecord(fields) && entity !== undefined ? fields[entity] : undefined;
    const value = isRecord(perEntity) && typeof field === 'string' ? perEntity[field] : undefined;
    return typeof value === 'string' ? value : undefined;
  }
  const sharing = role['sharing'];
  if (!Array.isArray(sharing)) return undefined;
  const rule = sharing.find((r: unknown): r is Record<string, unknown> => isRecord(r) && r['name'] === grant.name);
  return rule ? sharingContent({ entity: rule['entity'], access: rule['access'], condition: rule['condition'] }) : undefined;
}

function snapshotId(snapshot: DefinitionSnapshot, [entity, field]: GrantTarget): string | undefined {
  if (field === null) {
    const id = isRecord(snapshot.entityIds) ? snapshot.entityIds[entity] : undefined;
    return typeof id === 'string' ? id : undefined;
  }
  const perEntity = isRecord(snapshot.fieldIds) ? snapshot.fieldIds[entity] : undefined;
  const id = isRecord(perEntity) ? perEntity[field] : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Walks published versions newest first, one at a time, until every grant's run has ended. */
export class GrantBindingWalk {
  private readonly grants: TrackedGrant[] = [];

  constructor(private readonly app: App) {
    for (const role of app.roles ?? []) {
      for (const [entity, permission] of Object.entries(role.entities ?? {})) {
        this.grants.push({ kind: 'entity', key: entityGrantKey(role.name, entity), role: role.name, content: stableJson(permission), name: entity, pairs: [[entity, null]], open: true, bound: null });
      }
      for (const [entity, fields] of Object.entries(role.fields ?? {})) {
        for (const [field, access] of Object.entries(fields)) {
          this.grants.push({ kind: 'field', key: fieldGrantKey(role.name, entity, field), role: role.name, content: access, name: entity, pairs: [[entity, field]], open: true, bound: null });
        }
      }
      for (const rule of role.sharing ?? []) {
        this.grants.push({
          kind: 'sharing',
          key: sharingRuleKey(role.name, rule.name),
          role: role.name,
          content: sharingContent(rule),
          name: rule.name,
          pairs: conditionFields(app, rule.entity, rule.condition),
          open: true,
          bound: null,
        });
      }
    }
  }

  get done(): boolean {
    return this.grants.every((g) => !g.open);
  }

  /** The next older published version. */
  step(snapshot: DefinitionSnapshot): void {
    for (const grant of this.grants) {
      if (!grant.open) continue;
      if (snapshotContent(snapshot, grant) !== grant.content) {
        grant.open = false;
        continue;
      }
      grant.bound = grant.pairs.map((target) => snapshotId(snapshot, target));
    }
  }

  result(): StaleGrants {
    const stale = { field: new Set<string>(), sharing: new Set<string>(), entity: new Set<string>() };
    for (const grant of this.grants) {
      if (!grant.bound) continue;
      const bound = grant.bound;
      const moved = grant.pairs.some((target, i) => {
        const then = bound[i];
        const now = currentId(this.app, target);
        return then !== undefined && now !== undefined && then !== now;
      });
      if (moved) stale[grant.kind].add(grant.key);
    }
    return { fields: stale.field, sharing: stale.sharing, entities: stale.entity };
  }
}

/** Stale grants of `app` given its published history, newest version first. */
export function findStaleGrants(app: App, history: Iterable<DefinitionSnapshot>): StaleGrants {
  const walk = new GrantBindingWalk(app);
  for (const snapshot of history) {
    if (walk.done) break;
    walk.step(snapshot);
  }
  return walk.result();
}

const SNAPSHOT_SQL = `
SELECT version, definition->'roles' AS roles,
  (SELECT coalesce(jsonb_object_agg(e->>'name',
            (SELECT coalesce(jsonb_object_agg(f->>'name', f->'id'), '{}'::jsonb)
               FROM jsonb_array_elements(coalesce(e->'fields', '[]'::jsonb)) f)), '{}'::jsonb)
     FROM jsonb_array_elements(coalesce(definition->'entities', '[]'::jsonb)) e) AS field_ids,
  (SELECT coalesce(jsonb_object_agg(e->>'name', e->'id'), '{}'::jsonb)
     FROM jsonb_array_elements(coalesce(definition->'entities', '[]'::jsonb)) e) AS entity_ids
FROM definition_versions
WHERE version < ?
ORDER BY version DESC
LIMIT ?`;

const BATCH = 50;

function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

function snapshotsOf(result: unknown): DefinitionSnapshot[] {
  if (!isRecord(result) || !Array.isArray(result['rows'])) return [];
  return result['rows'].filter(isRecord).map((row) => ({
    version: Number(row['version']),
    roles: parsedJson(row['roles']),
    fieldIds: parsedJson(row['field_ids']),
    entityIds: parsedJson(row['entity_ids']),
  }));
}

/** Reads the published history in batches (only roles and field ids), newest first, as far as the grants need. */
export async function loadStaleGrants(db: Knex, app: App): Promise<StaleGrants> {
  const walk = new GrantBindingWalk(app);
  // Above any version number (an integer column).
  let before = 2_147_483_647;
  while (!walk.done) {
    const batch = snapshotsOf(await db.raw(SNAPSHOT_SQL, [before, BATCH]));
    for (const snapshot of batch) {
      if (walk.done) break;
      walk.step(snapshot);
      before = snapshot.version;
    }
    if (batch.length < BATCH) break;
  }
  return walk.result();
}
