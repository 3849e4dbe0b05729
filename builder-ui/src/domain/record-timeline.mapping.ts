import type { RunAnswer, RunWaitSummary } from '@crm/schemas';

/*
 * The record's timeline: its activities (calls, meetings, e-mails, notes pointing at it), the
 * changes from its history (by a person or by a process such as route_big_deals) and the process
 * runs that worked on it, newest first.
 */

export interface TimelineChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface TimelineHistoryInput {
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore';
  at: string;
  actor: { kind: 'user' | 'process' | 'system'; id: string | null; name?: string; process?: string; runId?: string };
  changes: TimelineChange[];
}

export interface TimelineRunInput {
  id: string;
  process: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  /** The person who started a manual run. */
  startedBy?: { id: string; name: string };
  /** What they answered in its start form. */
  answers?: RunAnswer[];
  /** What a waiting run waits for. */
  waitingOn?: RunWaitSummary[];
}

export interface TimelineActivityInput {
  id: string;
  created_at: string;
  [field: string]: unknown;
}

export type TimelineEntry =
  | { kind: 'activity'; key: string; at: string; activity: TimelineActivityInput }
  | { kind: 'change'; key: string; at: string; item: TimelineHistoryInput }
  | { kind: 'run'; key: string; at: string; run: TimelineRunInput };

/** When an activity happened (or is due): its date field (its calendar view's), else when it was logged. */
function activityTime(activity: TimelineActivityInput, dateField: string): string {
  const value = activity[dateField];
  return typeof value === 'string' && value !== '' ? value : activity.created_at;
}

function time(at: string): number {
  const value = Date.parse(at);
  return Number.isNaN(value) ? 0 : value;
}

export function timelineEntries(
  activities: readonly TimelineActivityInput[],
  history: readonly TimelineHistoryInput[],
  runs: readonly TimelineRunInput[],
  visibleFields?: ReadonlySet<string>,
  dateField = 'due_at',
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...activities.map((activity): TimelineEntry => ({ kind: 'activity', key: `a:${activity.id}`, at: activityTime(activity, dateField), activity })),
    // A process's changes inside the same write share its version: the index keeps keys apart.
    ...history.map((item, index): TimelineEntry => ({
      kind: 'change',
      key: `h:${item.version}:${index}`,
      at: item.at,
      item: visibleFields ? { ...item, changes: item.changes.filter((c) => visibleFields.has(c.field)) } : item,
    })),
    ...runs.map((run): TimelineEntry => ({ kind: 'run', key: `r:${run.id}`, at: run.createdAt, run })),
  ];
  // A write by a process that changed nothing the person may see says nothing to them.
  const meaningful = entries.filter((e) => e.kind !== 'change' || e.item.action !== 'update' || e.item.changes.length > 0);
  return meaningful.sort((a, b) => time(b.at) - time(a.at) || a.key.localeCompare(b.key));
}
