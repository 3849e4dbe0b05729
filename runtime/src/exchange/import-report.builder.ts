import type { ImportColumn } from './import-columns.resolver.js';
import type { DuplicatePolicy, ImportMode, ImportReport, RowProblem, SkippedRow } from '@crm/schemas';
import type { RowOutcome } from './import.types.js';

/*
 * What an import answers: counts of rows by what became of them, every refused row with its
 * reasons (field, code, en and ru message), and the rows skipped as duplicates with what they
 * duplicate. Lists stop growing at MAX_LISTED entries (the counts never do), so a file of a
 * million bad rows cannot make a response of a gigabyte.
 */

export const MAX_LISTED = 10_000;

export type { DuplicateOf, ImportReport, SkippedRow } from '@crm/schemas';

export interface ReportBuilder {
  read(): void;
  reject(problems: readonly RowProblem[]): void;
  skip(entry: SkippedRow): void;
  warn(problem: RowProblem): void;
  outcome(outcome: RowOutcome): void;
  /** A dry run's row that would update a record the same file creates. */
  wouldUpdate(): void;
  result(): ImportReport;
}

function describeColumn(column: ImportColumn): ImportReport['columns'][number] {
  const { target } = column;
  if (target.kind === 'skip') return { column: column.header, field: null, ignored: target.reason };
  return { column: column.header, field: target.kind === 'field' ? target.name : target.kind };
}

export function createReportBuilder(base: { entity: string; mode: ImportMode; duplicates: DuplicatePolicy; dryRun: boolean }): ReportBuilder & {
  setColumns(columns: readonly ImportColumn[], match: readonly string[]): void;
} {
  const report: ImportReport = {
    ...base,
    match: [],
    columns: [],
    rows: 0,
    accepted: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejectedRows: 0,
    rejected: [],
    skippedRows: [],
    warnings: [],
    truncated: false,
  };
  function reject(problems: readonly RowProblem[]): void {
    report.rejectedRows += 1;
    for (const problem of problems) {
      if (report.rejected.length < MAX_LISTED) report.rejected.push(problem);
      else report.truncated = true;
    }
  }
  return {
    setColumns(columns, match) {
      report.columns = columns.map(describeColumn);
      report.match = [...match];
    },
    read() {
      report.rows += 1;
    },
    reject,
    skip(entry) {
      report.skipped += 1;
      if (report.skippedRows.length < MAX_LISTED) report.skippedRows.push(entry);
      else report.truncated = true;
    },
    outcome(outcome) {
      if (outcome.kind === 'rejected') {
        reject(outcome.problems);
        return;
      }
      report.accepted += 1;
      report[outcome.kind] += 1;
    },
    warn(problem) {
      if (report.warnings.length < MAX_LISTED) report.warnings.push(problem);
      else report.truncated = true;
    },
    wouldUpdate() {
      report.accepted += 1;
      report.updated += 1;
    },
    result: () => {
      // A warned row that was refused when written is listed with its reasons, not as a warning.
      const refused = new Set(report.rejected.map((p) => p.row));
      return {
        ...report,
        rejected: [...report.rejected].sort((a, b) => a.row - b.row),
        skippedRows: [...report.skippedRows].sort((a, b) => a.row - b.row),
        warnings: report.warnings.filter((w) => !refused.has(w.row)).sort((a, b) => a.row - b.row),
      };
    },
  };
}
