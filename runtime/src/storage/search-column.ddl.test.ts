import { describe, expect, it } from 'vitest';
import { searchExpression } from './search-column.ddl.js';

describe('search column expression', () => {
  it('stems the text in Russian and English and casts non-text fields to text', () => {
    const expression = searchExpression([
      { column: 'title', cast: 'text' },
      { column: 'amount', cast: 'to-text' },
    ]);
    expect(expression.sql).toBe(
      `to_tsvector('russian'::regconfig, coalesce(??, '') || ' ' || coalesce(??::text, '')) || ` +
        `to_tsvector('english'::regconfig, coalesce(??, '') || ' ' || coalesce(??::text, ''))`,
    );
    expect(expression.bindings).toEqual(['title', 'amount', 'title', 'amount']);
  });

  it('adds multienum values as whole lexemes and still builds a vector with no text', () => {
    const expression = searchExpression([{ column: 'tags', cast: 'lexemes' }]);
    expect(expression.sql).toContain(`to_tsvector('russian'::regconfig, '')`);
    expect(expression.sql).toContain('array_to_tsvector(array_remove(array_remove(??, NULL), \'\'))');
    expect(expression.bindings).toEqual(['tags']);
  });
});
