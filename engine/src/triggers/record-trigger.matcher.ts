import type { App, Process } from '@crm/schemas';
import type { ProcessActor, RecordsPort } from '../ports/engine.ports.js';
import { conditionHolds } from '../values/condition-record.loader.js';
import type { EngineUser } from '../ports/engine.ports.js';

/*
 * Which processes a record write starts. A record trigger fires on its actions when its condition
 * holds, where `changed` / `changedTo` compare with the record before the write (on create,
 * everything set counts as changed), so "stage changed to contract" fires once, on that change. A
 * stage trigger fires when the pipeline's field enters the stage (on create too, unless `onCreate: false`). Disabled processes never fire.
 */

export interface TriggerEvent {
  entity: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  user: EngineUser | null;
}

export type ProcessMode = 'before-save' | 'after-save';

function modeOf(process: Process): ProcessMode {
  return process.mode ?? 'after-save';
}

/** Whether the trigger's kind, entity and action fit the event (before its condition is looked at). */
function fits(app: App, process: Process, event: TriggerEvent): boolean {
  const trigger = process.trigger;
  if (trigger.type === 'record') {
    return trigger.entity === event.entity && event.action !== 'restore' && trigger.on.includes(event.action);
  }
  if (trigger.type === 'stage') {
    if (trigger.entity !== event.entity || (event.action !== 'create' && event.action !== 'update')) return false;
    const pipeline = (app.pipelines ?? []).find((p) => p.name === trigger.pipeline && p.entity === trigger.entity);
    if (!pipeline) return false;
    const now = event.after[pipeline.field];
    const was = event.before?.[pipeline.field];
    if (now !== trigger.stage) return false;
    // A record created directly in the stage enters it too, unless the trigger says otherwise.
    return event.action === 'create' ? trigger.onCreate !== false : was !== trigger.stage;
  }
  return false;
}

export async function matchingProcesses(
  app: App,
  event: TriggerEvent,
  mode: ProcessMode,
  records: RecordsPort,
  actor: ProcessActor,
  now: Date,
): Promise<Process[]> {
  const matched: Process[] = [];
  for (const process of app.processes ?? []) {
    if (process.enabled === false || modeOf(process) !== mode || !fits(app, process, event)) continue;
    const condition = process.trigger.type === 'record' || process.trigger.type === 'stage' ? process.trigger.condition : undefined;
    if (condition !== undefined) {
      const holds = await conditionHolds(records, actor, condition, event.after, {
        app,
        entity: event.entity,
        user: event.user,
        now,
        previous: event.action === 'create' ? null : event.before,
      });
      if (!holds) continue;
    }
    matched.push(process);
  }
  return matched;
}

/** Whether a process of this mode fits the event before its condition is looked at (no query: a pre-check). */
export function mayTrigger(app: App, event: Pick<TriggerEvent, 'entity' | 'action' | 'before' | 'after'>, mode: ProcessMode): boolean {
  const full: TriggerEvent = { ...event, user: null };
  return (app.processes ?? []).some((p) => p.enabled !== false && modeOf(p) === mode && fits(app, p, full));
}

/** Whether any process of the app could fire on writes of this entity in this mode (a cheap pre-check). */
export function hasRecordProcesses(app: App, entity: string, mode: ProcessMode): boolean {
  return (app.processes ?? []).some(
    (p) => p.enabled !== false && modeOf(p) === mode && (p.trigger.type === 'record' || p.trigger.type === 'stage') && p.trigger.entity === entity,
  );
}
