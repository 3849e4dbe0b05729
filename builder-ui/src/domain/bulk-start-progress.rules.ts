import type { RunProgress } from '@crm/schemas';

/*
 * How a list's bulk start is going, as the line under its bar says it: "Выполнено: 12 · С ошибкой:
 * 1 · В работе: 2". The list asks the server about the runs it was answered with every
 * FOLLOW_BULK_EVERY_MS until none is running or waiting, or FOLLOW_BULK_MS pass (a slow process
 * keeps going on the workers; each record's timeline has the rest).
 */

export const FOLLOW_BULK_MS = 120_000;
export const FOLLOW_BULK_EVERY_MS = 1_500;
/** Failed records linked under the line; the rest are counted, not listed. */
export const FAILED_LINKS_SHOWN = 5;

export type ProgressStatus = 'completed' | 'failed' | 'inWork' | 'cancelled';

/** Whether every run has stopped (completed, failed or cancelled). */
export function progressSettled(progress: RunProgress): boolean {
  return progress.counts.running + progress.counts.waiting === 0;
}

/** The statuses that have runs, in the order the line reads them; a waiting run (an approval, a timer) is still in work. */
export function progressParts(progress: RunProgress): Array<{ status: ProgressStatus; n: number }> {
  const { completed, failed, running, waiting, cancelled } = progress.counts;
  const parts: Array<{ status: ProgressStatus; n: number }> = [
    { status: 'completed', n: completed },
    { status: 'failed', n: failed },
    { status: 'inWork', n: running + waiting },
    { status: 'cancelled', n: cancelled },
  ];
  return parts.filter((p) => p.n > 0);
}

/** The alert's kind: a warning once any run failed. */
export function progressKind(progress: RunProgress | null): 'info' | 'warning' {
  return progress && progress.counts.failed > 0 ? 'warning' : 'info';
}
