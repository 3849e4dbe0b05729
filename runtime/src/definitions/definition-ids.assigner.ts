import crypto from 'node:crypto';
import type { App, Entity, Field } from '@crm/schemas';

/*
 * Entities and fields carry stable ids so that publishing can tell a rename from a drop plus an add.
 * A definition written by hand (or a template) has none; on PUT draft each one without an id gets
 * the id of the live entity or field with the same name, else a new one. Ids already present are
 * kept, so GET draft -> rename a field -> PUT draft keeps the id, and the publish renames the column.
 */

export type NewId = (prefix: 'ent' | 'fld') => string;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A short random id such as `fld_ab12cd34`. */
export const randomStableId: NewId = (prefix) => {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return `${prefix}_${suffix}`;
};

class IdPool {
  private readonly used: Set<string>;

  constructor(
    explicit: Iterable<string>,
    private readonly prefix: 'ent' | 'fld',
    private readonly newId: NewId,
  ) {
    this.used = new Set(explicit);
  }

  /** The live id, unless the draft already gives it to something else (then this one is new). */
  reuse(candidate: string | undefined): string | undefined {
    if (candidate === undefined || this.used.has(candidate)) return undefined;
    this.used.add(candidate);
    return candidate;
  }

  fresh(): string {
    let id = this.newId(this.prefix);
    while (this.used.has(id)) id = this.newId(this.prefix);
    this.used.add(id);
    return id;
  }
}

function withFieldIds(entity: Entity, counterpart: Entity | undefined, pool: IdPool): Entity['fields'] {
  return entity.fields.map((field): Field => {
    if (field.id) return field;
    const live = counterpart?.fields.find((f) => f.name === field.name);
    return { ...field, id: pool.reuse(live?.id) ?? pool.fresh() };
  });
}

export function assignDefinitionIds(draft: App, live: App | null, newId: NewId = randomStableId): App {
  const entityIds = new IdPool(
    draft.entities.flatMap((e) => (e.id ? [e.id] : [])),
    'ent',
    newId,
  );
  const fieldIds = new IdPool(
    draft.entities.flatMap((e) => e.fields.flatMap((f) => (f.id ? [f.id] : []))),
    'fld',
    newId,
  );
  const liveEntities = live?.entities ?? [];
  const entities = draft.entities.map((entity): Entity => {
    let id = entity.id;
    if (id === undefined) {
      const sameName = liveEntities.find((e) => e.name === entity.name);
      id = entityIds.reuse(sameName?.id) ?? entityIds.fresh();
    }
    const counterpart = liveEntities.find((e) => e.id === id);
    return { ...entity, id, fields: withFieldIds(entity, counterpart, fieldIds) };
  });
  return { ...draft, entities };
}
