import { Cron } from 'croner';
import type { App, ScheduleTrigger } from '@crm/schemas';

/*
 * When a schedule fires: the ticks of its cron pattern in its time zone (the trigger's, else the
 * app's, else Europe/Moscow). croner does the calendar work, including daylight saving: a
 * fixed-time pattern (`30 2 * * *`) whose time does not exist on a spring-forward day runs at the
 * first valid time after the gap, and once (the first pass) when the time occurs twice; interval
 * patterns (a step, range or list in the time fields) skip the gap and run on both passes of a
 * repeated hour.
 */

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

export interface ScheduleSpec {
  cron: string;
  timeZone: string;
}

export function scheduleSpecOf(trigger: ScheduleTrigger, app: Pick<App, 'settings'>): ScheduleSpec {
  return { cron: trigger.cron.trim(), timeZone: trigger.timezone ?? app.settings?.timezone ?? DEFAULT_TIME_ZONE };
}

function patternOf(spec: ScheduleSpec): Cron {
  // paused: the object only answers questions about the pattern, it never runs anything itself.
  return new Cron(spec.cron, { timezone: spec.timeZone, paused: true });
}

/** Why the pattern or the zone cannot be scheduled, or null when both are fine. */
export function scheduleProblem(spec: ScheduleSpec): string | null {
  try {
    patternOf(spec).nextRun(new Date(0));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The first tick strictly after `after`; null when the pattern has no further tick (a past year). */
export function nextTick(spec: ScheduleSpec, after: Date): Date | null {
  return patternOf(spec).nextRun(after);
}

/** The last tick at or before `at`; null when there is none. */
export function latestTick(spec: ScheduleSpec, at: Date): Date | null {
  // previousRuns looks strictly before its reference; one millisecond later includes `at` itself.
  const [tick] = patternOf(spec).previousRuns(1, new Date(at.getTime() + 1));
  return tick ?? null;
}

/**
 * Which tick a due schedule fires now, and when it is due next. `dueAt` is the stored due tick;
 * after downtime several ticks may have passed: only the latest of them runs (once), the earlier
 * ones are reported as missed, not replayed.
 */
export function dueTickAt(spec: ScheduleSpec, dueAt: Date, now: Date): { tick: Date; next: Date | null } | null {
  if (dueAt.getTime() > now.getTime()) return null;
  const latest = latestTick(spec, now);
  const tick = latest !== null && latest.getTime() >= dueAt.getTime() ? latest : dueAt;
  return { tick, next: nextTick(spec, now) };
}
