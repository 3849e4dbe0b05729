import { createHash } from 'node:crypto';
import type { App, Entity } from '@crm/schemas';
import { ACCESS_OPERATIONS, type AccessOperation, type AccessPolicy } from '../access/index.js';

/*
 * Which entities and fields the document describes for one caller. Like Salesforce's describe
 * calls, the document is the caller's view of the API: entities they may not read are left out and
 * fields hidden from them are not named (a field's name and type are data about the business), and
 * write bodies carry only the fields they may write. The fingerprint says when two callers see the
 * same thing, so the built document is shared between them.
 */

export interface DescribedEntity {
  /** The entity with only the fields the caller may see. */
  entity: Entity;
  operations: Readonly<Record<AccessOperation, boolean>>;
  /** Fields (and `owner` with changeOwner) the caller may set. */
  writable: ReadonlySet<string>;
}

export interface CallerView {
  /** The live app with every entity cut to the caller's visible fields (unreadable ones to none). */
  app: App;
  /** Readable entities, in definition order. */
  entities: DescribedEntity[];
  fingerprint: string;
}

export function describedEntities(app: App, policy: AccessPolicy): CallerView {
  const described: DescribedEntity[] = [];
  const cut = app.entities.map((entity): Entity => {
    const rights = policy.entity(entity.name);
    if (!rights.can('read')) return { ...entity, fields: [], search: [] };
    const visible = new Set(rights.visibleFields());
    const shown: Entity = { ...entity, fields: entity.fields.filter((f) => visible.has(f.name)), search: entity.search?.filter((f) => visible.has(f)) };
    const operations = { create: false, read: false, update: false, delete: false };
    for (const op of ACCESS_OPERATIONS) operations[op] = rights.can(op);
    described.push({ entity: shown, operations, writable: new Set(rights.writableFields()) });
    return shown;
  });
  const seen = described.map((d) => [d.entity.name, d.operations, d.entity.fields.map((f) => f.name), [...d.writable].sort()]);
  return {
    app: { ...app, entities: cut },
    entities: described,
    fingerprint: createHash('sha256').update(JSON.stringify(seen)).digest('hex').slice(0, 32),
  };
}
