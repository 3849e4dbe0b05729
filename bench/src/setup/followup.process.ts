import type { App, Process } from '@crm/schemas';

/*
 * The after-save process the async-runs scenario measures: three steps on every new activity.
 *
 *   trigger (activity created) ─ is_call ─true─ mark_done (update the activity) ─ follow_up (create a task) ─ done
 *                                        └false─────────────────────────────────────────────────────────────┘
 *
 * Every activity the bench creates is a call, so every run takes the three steps.
 */

export const FOLLOWUP_PROCESS = 'bench_call_followup';

export function followupProcess(): Process {
  return {
    name: FOLLOWUP_PROCESS,
    label: { en: 'Bench: follow up a call', ru: 'Бенчмарк: задача после звонка' },
    mode: 'after-save',
    trigger: { type: 'record', entity: 'activity', on: ['create'] },
    nodes: [
      { id: 'is_call', type: 'condition', config: { condition: { field: 'kind', op: 'eq', value: 'call' } } },
      { id: 'mark_done', type: 'update_record', config: { values: { done: true } } },
      { id: 'follow_up', type: 'create_task', config: { title: 'Follow up: {{record.subject}}', due: 'P1D' } },
      { id: 'done', type: 'end', config: {} },
    ],
    edges: [
      { from: 'trigger', to: 'is_call' },
      { from: 'is_call', to: 'mark_done', handle: 'true' },
      { from: 'is_call', to: 'done', handle: 'false' },
      { from: 'mark_done', to: 'follow_up' },
      { from: 'follow_up', to: 'done' },
    ],
  };
}

export function withFollowupProcess(app: App): App {
  const others = (app.processes ?? []).filter((p) => p.name !== FOLLOWUP_PROCESS);
  return { ...app, processes: [...others, followupProcess()] };
}
