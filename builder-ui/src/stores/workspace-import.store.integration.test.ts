import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { watch } from 'vue';
import { ApiError, useCsrfToken } from '../api/http.client.js';
import { listRecords } from '../api/records.api.js';
import { fetchMe } from '../api/session.api.js';
import type { ParsedCsv } from '../workers/csv-parse.types.js';
import { signedInAdmin } from './ui-runtime.fixture.js';
import { useWorkspaceImportStore } from './workspace-import.store.js';

/*
 * The import wizard against a real runtime with b2b-sales. The file is given as the CSV worker reads
 * it (applyParsed: happy-dom has no Worker); the chunks, the dry run and the import are the runtime's.
 */

function file(prefix: string, count: number, badRows: ReadonlySet<number> = new Set()): ParsedCsv {
  // Data row i (1-based) is row i + 1 of the file, after the header.
  const rows = Array.from({ length: count }, (_, i) => [`${prefix} ${i + 1}`, badRows.has(i + 2) ? 'много' : String((i + 1) * 10), 'лишнее']);
  return { header: ['Название', 'Сумма', 'Комментарий'], rows, delimiter: ';', encoding: 'utf-8' };
}

async function dealsTitled(prefix: string): Promise<number> {
  return (await listRecords('deal', { q: prefix, limit: 1, count: true })).total ?? -1;
}

describe('workspace import store', () => {
  beforeAll(async () => {
    await signedInAdmin();
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('maps columns by label and checks the file in chunks with a dry run, rows numbered as the file\u2019s', async () => {
    const store = useWorkspaceImportStore();
    await store.loadFields('deal');
    // Two chunks of 500 rows; a refused row in each.
    store.applyParsed(file('Проверка', 600, new Set([3, 503])));
    expect(store.step).toBe('map');
    expect(store.mapping).toEqual(['title', 'amount', null]);

    await store.runCheck();
    expect(store.check).toMatchObject({ rows: 600, rejectedRows: 2 });
    expect(store.check?.rejected.map((p) => p.row)).toEqual([3, 503]);
    expect(store.check?.rejected.every((p) => p.field === 'amount')).toBe(true);
    expect(store.progress).toEqual({ done: 600, total: 600 });
    // A dry run writes nothing.
    expect(await dealsTitled('Проверка')).toBe(0);
  });

  it('a refused chunk stops the import and keeps the report of what was written', async () => {
    const store = useWorkspaceImportStore();
    await store.loadFields('deal');
    store.applyParsed(file('Импорт', 700));
    // After the first chunk the session loses its CSRF token: the runtime refuses the next one.
    const stop = watch(
      () => store.progress?.done,
      (done) => {
        if (done && done > 0) useCsrfToken(null);
      },
      { flush: 'sync' },
    );
    try {
      await store.runImport();
    } finally {
      stop();
      await fetchMe();
    }
    expect(store.step).toBe('done');
    expect(store.result?.created).toBe(500);
    expect(store.runError).toBeInstanceOf(ApiError);
    expect(store.running).toBeNull();
    expect(await dealsTitled('Импорт')).toBe(500);
  });

  it('changing the mapping forgets a dry run made with the old one', async () => {
    const store = useWorkspaceImportStore();
    await store.loadFields('deal');
    store.applyParsed(file('Сопоставление', 3));
    await store.runCheck();
    expect(store.check).not.toBeNull();
    store.applyColumn(2, 'title');
    expect(store.mapping).toEqual([null, 'amount', 'title']);
    expect(store.check).toBeNull();
  });

  it('an empty file is said so and the wizard stays at the upload', async () => {
    const store = useWorkspaceImportStore();
    await store.loadFields('deal');
    store.applyParsed({ header: ['a'], rows: [], delimiter: ',', encoding: 'utf-8' });
    expect(store.parseError).toBe('empty');
    expect(store.step).toBe('upload');
  });
});
