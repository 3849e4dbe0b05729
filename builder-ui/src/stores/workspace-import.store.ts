import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { fetchImportFields, postImportCsv, type DuplicatePolicy, type ImportFieldsAnswer } from '../api/import.api.js';
import { listUsers } from '../api/users.api.js';
import { autoMapColumns, withColumn, type ColumnMapping } from '../domain/import-columns.mapping.js';
import { buildChunks, emptySummary, mergeReport, type ImportSummary } from '../domain/import-chunks.mapping.js';
import type { Person, ValueMaps } from '../domain/import-values.mapping.js';
import { parseCsvFile } from '../workers/csv-parse.client.js';
import type { ParsedCsv } from '../workers/csv-parse.types.js';

/*
 * The import wizard: the fields the person may import into, the file as read by the CSV worker,
 * the column and value mapping, the dry run (every row checked by the server, nothing written)
 * and the import, each sent in chunks so the page shows how far it got. Changed only through the
 * load* / apply* / run* functions below.
 */

export type ImportStep = 'upload' | 'map' | 'check' | 'done';

export interface RunProgress {
  done: number;
  total: number;
}

export const useWorkspaceImportStore = defineStore('workspace-import', () => {
  const entity = ref<string | null>(null);
  const fields = ref<ImportFieldsAnswer | null>(null);
  const people = ref<Person[]>([]);
  const fieldsError = ref<unknown>(null);

  const step = ref<ImportStep>('upload');
  const fileName = ref<string | null>(null);
  const parseShare = ref<number | null>(null);
  const parseError = ref<string | null>(null);
  const parsed = ref<ParsedCsv | null>(null);

  const mapping = ref<ColumnMapping>([]);
  const valueMaps = ref<ValueMaps>({});
  const duplicates = ref<DuplicatePolicy>('skip');

  const running = ref<'check' | 'import' | null>(null);
  const progress = ref<RunProgress | null>(null);
  const check = ref<ImportSummary | null>(null);
  const result = ref<ImportSummary | null>(null);
  const runError = ref<unknown>(null);

  const rowCount = computed(() => parsed.value?.rows.length ?? 0);

  function forgetRun(): void {
    check.value = null;
    result.value = null;
    runError.value = null;
    progress.value = null;
  }

  function applyStart(): void {
    step.value = 'upload';
    fileName.value = null;
    parseShare.value = null;
    parseError.value = null;
    parsed.value = null;
    mapping.value = [];
    valueMaps.value = {};
    forgetRun();
  }

  async function loadFields(name: string): Promise<void> {
    applyStart();
    entity.value = name;
    fields.value = null;
    fieldsError.value = null;
    try {
      const [answer, users] = await Promise.all([fetchImportFields(name), listUsers().catch(() => [])]);
      fields.value = answer;
      people.value = users;
    } catch (caught: unknown) {
      fieldsError.value = caught;
    }
  }

  async function loadFile(file: File): Promise<void> {
    applyStart();
    fileName.value = file.name;
    parseShare.value = 0;
    try {
      const csv = await parseCsvFile(file, (share) => {
        parseShare.value = share;
      });
      applyParsed(csv);
    } catch (caught: unknown) {
      parseError.value = caught instanceof Error ? caught.message : String(caught);
    } finally {
      if (parseError.value !== null) parseShare.value = null;
    }
  }

  /** What the CSV reader found: an empty file stays at the upload; otherwise columns are mapped by their labels. */
  function applyParsed(csv: ParsedCsv): void {
    parseShare.value = 1;
    if (csv.header.length === 0 || csv.rows.length === 0) {
      parseError.value = 'empty';
      parseShare.value = null;
      return;
    }
    parsed.value = csv;
    mapping.value = autoMapColumns(csv.header, fields.value?.fields ?? []);
    step.value = 'map';
  }

  function applyColumn(index: number, field: string | null): void {
    mapping.value = withColumn(mapping.value, index, field);
    forgetRun();
  }

  function applyValue(field: string, text: string, value: string | null): void {
    const forField = { ...(valueMaps.value[field] ?? {}) };
    if (value === null) delete forField[text];
    else forField[text] = value;
    valueMaps.value = { ...valueMaps.value, [field]: forField };
    forgetRun();
  }

  function applyDuplicates(policy: DuplicatePolicy): void {
    duplicates.value = policy;
    forgetRun();
  }

  function applyStep(next: ImportStep): void {
    step.value = next;
  }

  /** Sends the file chunk by chunk; a refused request stops the run and keeps what was done. */
  async function send(dryRun: boolean): Promise<ImportSummary | null> {
    const csv = parsed.value;
    const name = entity.value;
    if (!csv || !name || !fields.value) return null;
    const chunks = buildChunks(csv.rows, mapping.value, fields.value.fields, people.value, valueMaps.value);
    running.value = dryRun ? 'check' : 'import';
    runError.value = null;
    progress.value = { done: 0, total: csv.rows.length };
    let summary = emptySummary();
    try {
      for (const chunk of chunks) {
        const report = await postImportCsv(name, chunk.csv, { dryRun, duplicates: duplicates.value });
        summary = mergeReport(summary, chunk, report);
        progress.value = { done: progress.value.done + chunk.rows, total: csv.rows.length };
      }
    } catch (caught: unknown) {
      runError.value = caught;
    } finally {
      running.value = null;
    }
    return summary;
  }

  async function runCheck(): Promise<void> {
    forgetRun();
    step.value = 'check';
    check.value = await send(true);
  }

  async function runImport(): Promise<void> {
    result.value = null;
    step.value = 'done';
    result.value = await send(false);
  }

  return {
    entity,
    fields,
    people,
    fieldsError,
    step,
    fileName,
    parseShare,
    parseError,
    parsed,
    rowCount,
    mapping,
    valueMaps,
    duplicates,
    running,
    progress,
    check,
    result,
    runError,
    loadFields,
    loadFile,
    applyParsed,
    applyStart,
    applyColumn,
    applyValue,
    applyDuplicates,
    applyStep,
    runCheck,
    runImport,
  };
});
