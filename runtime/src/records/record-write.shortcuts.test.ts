import { describe, expect, it } from 'vitest';
import type { BeforeSaveHook } from './before-save.hooks.js';
import { requireEntityModel } from './record-entity.model.js';
import type { StoredRecord } from './record.types.js';
import { readCopyFor } from './record-write.shortcuts.js';
import { recordsTestApp } from './records.fixtures.js';

const app = recordsTestApp();
const contact = requireEntityModel(app, 'contact');
const deal = requireEntityModel(app, 'deal');
const id = '0b5f3a9e-8a47-4b8e-9d55-2f0e6c1d7a10';
const copy: StoredRecord = { id, version: 3, owner: null, created_at: '', created_by: null, updated_at: '', updated_by: null, deleted_at: null, full_name: 'Анна' };

function hook(runs: boolean | undefined): BeforeSaveHook {
  const h: BeforeSaveHook = async () => {};
  if (runs !== undefined) h.runsOnSave = () => runs;
  return h;
}

describe('readCopyFor', () => {
  it('takes a live copy of the record when nothing runs before its update', () => {
    expect(readCopyFor([], app, contact, id, { readCopy: copy })).toBe(copy);
    expect(readCopyFor([hook(false)], app, contact, id, { readCopy: copy })).toBe(copy);
  });

  it('reads the row locked instead when a hook runs or may run, or the entity has many-to-many fields', () => {
    expect(readCopyFor([hook(true)], app, contact, id, { readCopy: copy })).toBeNull();
    expect(readCopyFor([hook(undefined)], app, contact, id, { readCopy: copy })).toBeNull();
    expect(readCopyFor([], app, deal, id, { readCopy: { ...copy, title: 'Сделка' } })).toBeNull();
  });

  it('reads the row locked for a copy of another record, a deleted one, or an update with If-Match', () => {
    expect(readCopyFor([], app, contact, id, {})).toBeNull();
    expect(readCopyFor([], app, contact, '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', { readCopy: copy })).toBeNull();
    expect(readCopyFor([], app, contact, id, { readCopy: { ...copy, deleted_at: '2026-12-07T00:00:00.000Z' } })).toBeNull();
    expect(readCopyFor([], app, contact, id, { readCopy: copy, ifMatch: [3] })).toBeNull();
  });
});
