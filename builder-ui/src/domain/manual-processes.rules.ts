import type { ManualStartRequest, UiLocale, WorkspaceProcess } from '@crm/schemas';
import { localizedText } from './localized-text.rules.js';

/*
 * "Run a process" on a record's page and on a list's ticked records: which manual processes the
 * person may start (the server marks them startable for their roles), on which records a list's
 * start falls, and what the page says of a started run as it goes: still running, done, waiting
 * for someone, failed or cancelled.
 */

export interface StartableProcess {
  name: string;
  label: string;
  /** The questions it asks before it starts (its start form), when it asks any. */
  inputs?: WorkspaceProcess['inputs'];
}

/** The processes the person may start on a record of `entity`, by label. */
export function startableOn(processes: readonly WorkspaceProcess[], entity: string, locale: UiLocale): StartableProcess[] {
  return processes
    .filter((p) => p.startable && p.entity === entity)
    .map((p) => ({ name: p.name, label: localizedText(p.label, locale, p.name), ...(p.inputs && p.inputs.length > 0 ? { inputs: p.inputs } : {}) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

export type StartedRunState = 'running' | 'completed' | 'waiting' | 'failed' | 'cancelled';

/** A run's status as the page speaks of it; anything unknown is still running. */
export function startedRunState(status: string): StartedRunState {
  return status === 'completed' || status === 'waiting' || status === 'failed' || status === 'cancelled' ? status : 'running';
}

/** How long the page follows a started run before it leaves it to the timeline (workers may be busy). */
export const FOLLOW_RUN_MS = 20_000;
export const FOLLOW_RUN_EVERY_MS = 400;

/** How many records one start takes (the runtime's MAX_MANUAL_RECORDS): the answer says `truncated` past it. */
export const MAX_START_RECORDS = 1000;

/**
 * The records a list's start falls on: the ticked ones by id, or, for "all matching", every
 * record the list's condition and search text match (the server reads them as the person may).
 */
export function listStartRequest(list: { allMatching: boolean; selected: readonly string[]; filter: unknown; q: string }): ManualStartRequest {
  if (!list.allMatching) return { filter: { field: 'id', op: 'in', value: [...list.selected] } };
  const q = list.q.trim();
  return { filter: list.filter ?? null, ...(q === '' ? {} : { q }) };
}
