import { describe, expect, it } from 'vitest';
import { hashAuditEntry, type AuditEntryRecord } from './audit-entry.hasher.js';
import { canonicalJson, cleanText, toJsonObject } from './audit-json.sanitiser.js';

const ENTRY: AuditEntryRecord = {
  id: 7,
  at: '2026-03-01T10:00:00.123456Z',
  actorId: '00000000-0000-4000-8000-000000000001',
  actorEmail: 'admin@example.com',
  action: 'user.update',
  targetType: 'user',
  targetId: '00000000-0000-4000-8000-000000000002',
  targetName: 'rep@example.com',
  outcome: 'success',
  ip: '127.0.0.1',
  requestId: 'r-1',
  details: { changed: ['roles'], roles: { old: ['sales_rep'], new: ['head_of_sales'] } },
  prevHash: 'a'.repeat(64),
};

describe('audit entry hashing', () => {
  it('serialises objects the same whatever the key order (as jsonb returns them)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(hashAuditEntry({ ...ENTRY, details: { roles: { new: ['head_of_sales'], old: ['sales_rep'] }, changed: ['roles'] } })).toBe(
      hashAuditEntry(ENTRY),
    );
  });

  it('changes when any field or the previous hash changes', () => {
    const base = hashAuditEntry(ENTRY);
    const variants: Partial<AuditEntryRecord>[] = [
      { id: 8 },
      { at: '2026-03-01T10:00:00.123457Z' },
      { actorId: null },
      { actorEmail: 'someone@example.com' },
      { action: 'user.create' },
      { targetType: 'team' },
      { targetId: null },
      { targetName: 'x' },
      { outcome: 'denied' },
      { ip: '10.0.0.1' },
      { requestId: 'r-2' },
      { details: { changed: ['name'] } },
      { prevHash: 'b'.repeat(64) },
    ];
    for (const variant of variants) expect(hashAuditEntry({ ...ENTRY, ...variant }), JSON.stringify(variant)).not.toBe(base);
  });

  it('cleans what PostgreSQL would refuse or alter, and caps long text idempotently', () => {
    expect(cleanText('a\u0000b')).toBe('ab');
    expect(cleanText('x\uD800y')).toBe('x\uFFFDy');
    const capped = cleanText('z'.repeat(5000));
    expect(capped.length).toBeLessThanOrEqual(2000);
    expect(cleanText(capped)).toBe(capped);
    expect(toJsonObject({ keep: 1, drop: undefined, when: new Date(0), n: Number.NaN })).toEqual({ keep: 1, when: '1970-01-01T00:00:00.000Z', n: null });
  });
});
