import type { UiLocale, WorkspaceProcess } from '@crm/schemas';
import { localizedText } from './localized-text.rules.js';

/*
 * "Run a process" on a record's page: which manual processes the person may start on it (the
 * server marks them startable for their roles), and what the page says of a started run as it
 * goes: still running, done, waiting for someone, failed or cancelled.
 */

export interface StartableProcess {
  name: string;
  label: string;
}

/** The processes the person may start on a record of `entity`, by label. */
export function startableOn(processes: readonly WorkspaceProcess[], entity: string, locale: UiLocale): StartableProcess[] {
  return processes
    .filter((p) => p.startable && p.entity === entity)
    .map((p) => ({ name: p.name, label: localizedText(p.label, locale, p.name) }))
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
