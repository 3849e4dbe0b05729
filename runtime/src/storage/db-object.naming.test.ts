import { describe, expect, it } from 'vitest';
import { archivedFieldTable, boundedName, fieldIndexName, primaryKeyName } from './db-object.naming.js';

describe('database object names', () => {
  it('names indexes and keys after stable ids, so renames leave them alone', () => {
    expect(primaryKeyName('ent_ab12cd34')).toBe('pk_ent_ab12cd34');
    expect(fieldIndexName('fld_ab12cd34')).toBe('ixf_fld_ab12cd34');
    expect(archivedFieldTable(3, 'deal', 'region')).toBe('arc_v3_deal__region');
  });

  it('shortens names PostgreSQL would truncate, keeping them distinct', () => {
    const a = archivedFieldTable(12, 'a'.repeat(60), 'first_field');
    const b = archivedFieldTable(12, 'a'.repeat(60), 'second_field');
    expect(a.length).toBeLessThanOrEqual(63);
    expect(b.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(boundedName('short')).toBe('short');
  });
});
