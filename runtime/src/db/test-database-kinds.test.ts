import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from './test-database.js';

const url = 'postgres://postgres@127.0.0.1:5432/test';

describe('testDatabaseKinds', () => {
  it('is the embedded database alone without TEST_DATABASE_URL, and both with it', () => {
    expect(testDatabaseKinds({})).toEqual(['pglite']);
    expect(testDatabaseKinds({ TEST_DATABASE_URL: url })).toEqual(['pglite', 'postgres']);
  });

  it('narrows to the kinds TEST_DATABASE_KINDS names (CI repeats no PGlite half in its PostgreSQL run)', () => {
    expect(testDatabaseKinds({ TEST_DATABASE_URL: url, TEST_DATABASE_KINDS: 'postgres' })).toEqual(['postgres']);
    expect(testDatabaseKinds({ TEST_DATABASE_URL: url, TEST_DATABASE_KINDS: ' pglite , postgres ' })).toEqual(['pglite', 'postgres']);
    expect(testDatabaseKinds({ TEST_DATABASE_KINDS: 'pglite' })).toEqual(['pglite']);
    expect(testDatabaseKinds({ TEST_DATABASE_URL: url, TEST_DATABASE_KINDS: '' })).toEqual(['pglite', 'postgres']);
  });

  it('refuses a kind it does not know and PostgreSQL without a server to run on', () => {
    expect(() => testDatabaseKinds({ TEST_DATABASE_URL: url, TEST_DATABASE_KINDS: 'postgress' })).toThrow(/unknown kind postgress/);
    expect(() => testDatabaseKinds({ TEST_DATABASE_KINDS: 'postgres' })).toThrow(/needs TEST_DATABASE_URL/);
  });
});
