import type { Field } from '../../generated/definition.types.js';
import type { DefinitionCatalog } from './definition.catalog.js';
import { relationCardinality } from './definition.catalog.js';
import { isSystemField, type SystemField } from './system-field.catalog.js';

/*
 * Resolves a field reference that may be a dot path through many-to-one relations
 * (company.city): every step but the last must be a many-to-one relation; the last step may be a
 * field or a system field of the entity reached.
 */

export type ResolvedFieldPath =
  | { ok: true; entity: string; field: Field }
  | { ok: true; entity: string; system: SystemField }
  | { ok: false; reason: 'unknown-field' | 'not-traversable'; entity: string; segment: string }
  /** A step is a relation to an entity that does not exist: reported where the relation is defined. */
  | { ok: false; reason: 'broken-relation'; entity: string; segment: string };

export function resolveFieldPath(catalog: DefinitionCatalog, entity: string, path: string): ResolvedFieldPath {
  const segments = path.split('.');
  let current = entity;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const field = catalog.field(current, segment);
    if (last) {
      if (field) return { ok: true, entity: current, field };
      if (isSystemField(segment)) return { ok: true, entity: current, system: segment };
      return { ok: false, reason: 'unknown-field', entity: current, segment };
    }
    if (!field) return { ok: false, reason: 'unknown-field', entity: current, segment };
    if (field.type !== 'relation' || relationCardinality(field) !== 'many-to-one') {
      return { ok: false, reason: 'not-traversable', entity: current, segment };
    }
    if (!catalog.entity(field.target)) return { ok: false, reason: 'broken-relation', entity: current, segment };
    current = field.target;
  }
  return { ok: false, reason: 'unknown-field', entity: current, segment: path };
}
