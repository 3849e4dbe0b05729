import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import Papa from 'papaparse';
import { ApiError } from '../api/http.client.js';
import type { ImportFieldsAnswer, ImportReport } from '../api/import.api.js';

const api = vi.hoisted(() => ({ fetchImportFields: vi.fn(), postImportCsv: vi.fn() }));
const users = vi.hoisted(() => ({ listUsers: vi.fn() }));
const worker = vi.hoisted(() => ({ parseCsvFile: vi.fn() }));
vi.mock('../api/import.api.js', () => api);
vi.mock('../api/users.api.js', () => users);
vi.mock('../workers/csv-parse.client.js', () => worker);

const { useWorkspaceImportStore } = await import('./workspace-import.store.js');

const FIELDS: ImportFieldsAnswer = {
  entity: 'deal',
  label: { en: 'Deals', ru: 'Сделки' },
  canCreate: true,
  canUpdate: true,
  fields: [
    { name: 'title', label: { en: 'Title', ru: 'Название' }, type: 'text', required: true, writable: true, unique: false },
    { name: 'amount', label: { en: 'Amount', ru: 'Сумма' }, type: 'money', required: true, writable: true, unique: false },
  ],
};

function report(rows: number, rejected: ImportReport['rejected'] = []): ImportReport {
  const bad = new Set(rejected.map((p) => p.row)).size;
  return { entity: 'deal', mode: 'create', duplicates: 'error', match: [], dryRun: false, columns: [], rows, accepted: rows - bad, created: rows - bad, updated: 0, unchanged: 0, skipped: 0, rejectedRows: bad, rejected, skippedRows: [], warnings: [], truncated: false };
}

const ROWS = Array.from({ length: 1200 }, (_, i) => [`Сделка ${i + 1}`, String(i * 10), 'лишнее']);

describe('workspace import store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
    api.fetchImportFields.mockResolvedValue(FIELDS);
    users.listUsers.mockResolvedValue([]);
    worker.parseCsvFile.mockImplementation(async (_file: File, onProgress: (share: number) => void) => {
      onProgress(0.5);
      return { header: ['Название', 'Сумма', 'Комментарий'], rows: ROWS, delimiter: ';', encoding: 'utf-8' };
    });
  });

  it('reads the file, maps columns by label and checks it in chunks with a dry run, rows numbered as the file’s', async () => {
    api.postImportCsv.mockImplementation(async (_entity: string, csv: string) => {
      const lines = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
      // The second row of each chunk is refused.
      return report(lines.length - 1, [{ row: 3, field: 'amount', code: 'INVALID_TYPE', message: 'bad', message_ru: 'плохо' }]);
    });
    const store = useWorkspaceImportStore();
    await store.loadFields('deal');
    await store.loadFile(new File(['x'], 'deals.csv'));
    expect(store.step).toBe('map');
    expect(store.mapping).toEqual(['title', 'amount', null]);

    await store.runCheck();
    expect(api.postImportCsv).toHaveBeenCalledTimes(3);
    expect(api.postImportCsv.mock.calls[0]?.[2]).toEqual({ dryRun: true, duplicates: 'skip' });
    const firstCsv = String(api.postImportCsv.mock.calls[0]?.[1]);
    expect(firstCsv.split('\n')[0]).toBe('title,amount');
    expect(store.check).toMatchObject({ rows: 1200, rejectedRows: 3 });
    expect(store.check?.rejected.map((p) => p.row)).toEqual([3, 503, 1003]);
    expect(store.progress).toEqual({ done: 1200, total: 1200 });
  });

  it('a refused chunk stops the import and keeps the report of what was written', async () => {
    api.postImportCsv.mockResolvedValueOnce(report(500)).mockRejectedValueOnce(new ApiError(403, 'FORBIDDEN', 'no', []));
    const store = useWorkspaceImportStore();
    await store.loadFields('deal');
    await store.loadFile(new File(['x'], 'deals.csv'));
    await store.runImport();
    expect(api.postImportCsv.mock.calls[0]?.[2]).toMatchObject({ dryRun: false });
    expect(store.step).toBe('done');
    expect(store.result?.created).toBe(500);
    expect(store.runError).toBeInstanceOf(ApiError);
    expect(store.running).toBeNull();
  });

  it('changing the mapping forgets a dry run made with the old one', async () => {
    api.postImportCsv.mockResolvedValue(report(500));
    const store = useWorkspaceImportStore();
    await store.loadFields('deal');
    await store.loadFile(new File(['x'], 'deals.csv'));
    await store.runCheck();
    store.applyColumn(2, 'title');
    expect(store.mapping).toEqual([null, 'amount', 'title']);
    expect(store.check).toBeNull();
  });

  it('an empty file is said so and the wizard stays at the upload', async () => {
    worker.parseCsvFile.mockResolvedValue({ header: ['a'], rows: [], delimiter: ',', encoding: 'utf-8' });
    const store = useWorkspaceImportStore();
    await store.loadFields('deal');
    await store.loadFile(new File([''], 'empty.csv'));
    expect(store.parseError).toBe('empty');
    expect(store.step).toBe('upload');
  });
});
