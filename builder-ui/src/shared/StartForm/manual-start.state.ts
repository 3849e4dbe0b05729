import { ref, type Ref } from 'vue';
import type { App, ManualStartResponse, UiLocale } from '@crm/schemas';
import { startProcess } from '../../api/processes.api.js';
import { actionErrorLine } from '../../domain/api-error.mapping.js';
import type { StartableProcess, StartedRunState } from '../../domain/manual-processes.rules.js';
import { failureMessage } from '../../domain/run-monitor.mapping.js';
import { startFormOf, type StartForm } from '../../domain/start-form.rules.js';
import { followRun } from './run-follow.js';

/*
 * Starting a manual process on one record, wherever the choice is made (the record page's menu, a
 * kanban card): a process with a start form asks first (the caller renders StartProcessDialog for
 * `asking`, and hands its `started` to `run`); one without is started at once. Then the run is
 * followed for a while, `outcome` saying how it goes (with the failure's reason), `error` why the
 * start was refused; `finished` is called with the last state seen unless `gone` says the page
 * has moved on from the target.
 */

export interface StartTarget {
  recordId: string;
  choice: StartableProcess;
  /** The record's title, for a line that must say which record (the board's). */
  title?: string;
}

export interface StartOutcome {
  target: StartTarget;
  state: StartedRunState;
  reason: string | null;
}

export interface ManualStart {
  asking: Ref<(StartTarget & { form: StartForm }) | null>;
  askingShown: Ref<boolean>;
  outcome: Ref<StartOutcome | null>;
  error: Ref<string | null>;
  busy: Ref<boolean>;
  start(target: StartTarget): void;
  run(target: StartTarget, started: Promise<ManualStartResponse> | ManualStartResponse): Promise<void>;
  clear(): void;
}

export function useManualStart(options: {
  definition: () => App | null;
  locale: () => UiLocale;
  t: (key: string, named?: Record<string, unknown>) => string;
  gone: (target: StartTarget) => boolean;
  finished: (target: StartTarget, last: StartedRunState) => void;
}): ManualStart {
  const asking = ref<(StartTarget & { form: StartForm }) | null>(null);
  const askingShown = ref(false);
  const outcome = ref<StartOutcome | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);

  async function run(target: StartTarget, started: Promise<ManualStartResponse> | ManualStartResponse): Promise<void> {
    busy.value = true;
    error.value = null;
    outcome.value = { target, state: 'running', reason: null };
    try {
      const runId = (await started).data[0]?.runId;
      const report = (state: StartedRunState, detail: { error: unknown }): void => {
        outcome.value = { target, state, reason: state === 'failed' ? failureMessage(detail.error, options.locale(), (key) => options.t(key)) : null };
      };
      const last = runId ? await followRun(runId, report, () => options.gone(target)) : 'running';
      if (!options.gone(target)) options.finished(target, last);
    } catch (cause: unknown) {
      outcome.value = null;
      error.value = actionErrorLine(cause, options.locale(), options.t);
    } finally {
      busy.value = false;
    }
  }

  function start(target: StartTarget): void {
    const definition = options.definition();
    const form = definition ? startFormOf(definition, target.choice) : null;
    if (form) {
      asking.value = { ...target, form };
      askingShown.value = true;
      return;
    }
    void run(target, startProcess(target.choice.name, { recordId: target.recordId }));
  }

  function clear(): void {
    outcome.value = null;
    error.value = null;
  }

  return { asking, askingShown, outcome, error, busy, start, run, clear };
}
