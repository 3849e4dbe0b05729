import type { App, Process } from '@crm/schemas';
import type { TestRuntime } from '@crm/runtime/testing';
import { runsOf, until, type RunBody } from '../engine-test.support.js';

/*
 * Shared pieces of the schedule and date trigger tests: a clock the test moves (the engine reads
 * it through EngineHostOptions.clock, so no test waits real minutes), a small app whose trigger
 * processes leave an activity record behind, and ways to see what the triggers did.
 */

export class TestClock {
  private ms: number;

  constructor(iso: string) {
    this.ms = Date.parse(iso);
  }

  readonly now = (): Date => new Date(this.ms);

  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}

/** Workers look for due schedules and scan dates every few milliseconds instead of each second / minute. */
export const FAST_TRIGGERS = { scheduleEveryMs: 20, dateScanEveryMs: 20 };

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A process that records its run as an activity: `subject` says which process and tick or record. */
function loggingProcess(name: string, trigger: Process['trigger'], values: Record<string, unknown>): Process {
  return {
    name,
    trigger,
    nodes: [{ id: 'log', type: 'create_record', position: { x: 200, y: 0 }, config: { entity: 'activity', values } }],
    edges: [{ from: 'trigger', to: 'log' }],
  };
}

export function scheduleProcess(name: string, cron: string, timezone?: string): Process {
  return loggingProcess(name, { type: 'schedule', cron, ...(timezone ? { timezone } : {}) }, { subject: `${name} {{trigger.scheduledAt}}`, occurrence: { $ref: 'trigger.scheduledAt' } });
}

export function dateProcess(name: string, trigger: Omit<Extract<Process['trigger'], { type: 'date' }>, 'type'>): Process {
  const link = trigger.entity === 'deal' ? { deal: { $ref: 'record.id' } } : { contact: { $ref: 'record.id' } };
  return loggingProcess(name, { type: 'date', ...trigger }, { subject: `${name} {{record.id}}`, occurrence: { $ref: 'trigger.occurrence' }, ...link });
}

export function triggerTestApp(processes: Process[], timezone = 'Europe/Moscow'): App {
  return {
    name: 'trigger_test',
    settings: { timezone },
    entities: [
      {
        name: 'deal',
        label: { en: 'Deal', ru: 'Сделка' },
        fields: [
          { name: 'title', type: 'text', required: true },
          { name: 'amount', type: 'money' },
          { name: 'close_date', type: 'date', indexed: true },
          { name: 'meeting_at', type: 'datetime' },
        ],
        display: 'title',
      },
      {
        name: 'contact',
        label: { en: 'Contact', ru: 'Контакт' },
        fields: [
          { name: 'full_name', type: 'text', required: true },
          { name: 'birthday', type: 'date' },
        ],
        display: 'full_name',
      },
      {
        name: 'activity',
        label: { en: 'Activity', ru: 'Дело' },
        fields: [
          { name: 'subject', type: 'text', required: true },
          { name: 'occurrence', type: 'text' },
          { name: 'deal', type: 'relation', target: 'deal' },
          { name: 'contact', type: 'relation', target: 'contact' },
        ],
        display: 'subject',
      },
    ],
    processes,
  };
}

export interface Activity {
  id: string;
  subject: string;
  occurrence: string | null;
  deal: string | null;
  contact: string | null;
}

export async function activities(rt: TestRuntime): Promise<Activity[]> {
  const res = await rt.request<{ data: Activity[] }>('GET', '/api/records/activity?limit=200');
  if (res.status !== 200) throw new Error(`activities: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export async function createRecord(rt: TestRuntime, entity: string, values: Record<string, unknown>): Promise<{ id: string }> {
  const res = await rt.request<{ id: string }>('POST', `/api/records/${entity}`, { body: values });
  if (res.status !== 201) throw new Error(`create ${entity}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Every run of the process, once none of them is still going. */
export async function settledRuns(rt: TestRuntime, process: string): Promise<RunBody[]> {
  return until(`runs of ${process} to finish`, async () => {
    const runs = await runsOf(rt, process);
    return runs.every((r) => r.status === 'completed' || r.status === 'failed') ? runs : null;
  });
}

export interface ScheduleState {
  process: string;
  next_due_at: string | null;
  last_tick_at: string | null;
  error: unknown;
}

export async function scheduleStates(rt: TestRuntime): Promise<ScheduleState[]> {
  return rt.db.knex('schedule_triggers').select('process', 'next_due_at', 'last_tick_at', 'error').orderBy('process');
}

/** Waits until every date trigger's cursor has scanned up to `at` (its runs are committed with the cursor). */
export async function datesScannedTo(rt: TestRuntime, at: Date, processes: number): Promise<void> {
  await until(`date triggers scanned to ${at.toISOString()}`, async () => {
    const rows: Array<{ scanned_until: string }> = await rt.db.knex('date_trigger_cursors').select('scanned_until');
    return rows.length === processes && rows.every((r) => Date.parse(r.scanned_until) >= at.getTime());
  });
}
