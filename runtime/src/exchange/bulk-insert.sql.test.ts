import { describe, expect, it } from 'vitest';
import { columnLiteral, textArrayLiteral } from './bulk-insert.sql.js';
import { changesJson } from './import-history.writer.js';

describe('bulk insert cells', () => {
  it('quotes every element, escapes quotes and backslashes, and writes NULL for null', () => {
    // ACT
    const literal = textArrayLiteral(['plain', 'say "hi"', 'back\\slash', null, '']);

    // ASSERT
    expect(literal).toBe('{"plain","say \\"hi\\"","back\\\\slash",NULL,""}');
  });

  it('reads a column from rows of any shape: numbers, booleans, lists as array literals, objects as JSON', () => {
    // ARRANGE
    const rows = [{ v: 1.5 }, { v: true }, { v: ['a', 'b"c'] }, { v: { k: 1 } }, { v: undefined }];

    // ACT
    const literal = columnLiteral(rows, (row) => row.v);

    // ASSERT
    expect(literal).toBe('{"1.5","true","{\\"a\\",\\"b\\\\\\"c\\"}","{\\"k\\":1}",NULL}');
  });
});

describe('history changes as JSON text', () => {
  it('is the text JSON.stringify writes for [{field, old, new}], undefined as null', () => {
    // ARRANGE
    const changes = [
      { field: 'name', old: null, new: 'Анна "А"' },
      { field: 'tags', old: undefined, new: ['a', 'b'] },
      { field: 'amount', old: 1, new: 2.5 },
    ];

    // ACT
    const text = changesJson(changes);

    // ASSERT
    expect(text).toBe(JSON.stringify(changes.map((c) => ({ field: c.field, old: c.old ?? null, new: c.new ?? null }))));
    expect(changesJson([])).toBe('[]');
  });
});
