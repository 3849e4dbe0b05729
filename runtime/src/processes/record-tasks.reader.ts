import { listRuns, listTasks, type HumanTask } from '@crm/engine';
import type { App, LocalizedText, RecordProcessTask } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import { readVersion } from '../definitions/definition.repository.js';
import { personNames } from '../people/users.repository.js';
import { templateReadableBy } from './template-visibility.rules.js';

/*
 * The tasks and approvals processes gave people about one record, for its page: whoever may read
 * the record sees who has what to do about it, by when, and how it was decided (Bitrix24 shows a
 * business process's tasks on the card). The caller checks that the record is readable.
 *
 * What each reader sees of a task: its assignee, admins and builders see it whole; anyone else
 * sees the title only when it was made from fields of this record they may see
 * (template-visibility.rules.ts), otherwise the step's own label, and never the description
 * (it may quote any value the process read). The decision's comment is what a person wrote for the
 * people of the record, so it is shown, as a run's start-form answers are.
 */

/** Tasks one record's page lists: a record gathers a handful; an old busy one may have more. */
const RECORD_TASKS_LIMIT = 200;

export interface RecordTaskViewer {
  actorId: string;
  /** Admins and builders. */
  full: boolean;
  policy: AccessPolicy;
  live: { version: number; app: App };
}

interface StepText {
  title: unknown;
  label: LocalizedText | null;
}

function stepOf(app: App | undefined, process: string, nodeId: string | null): StepText | null {
  const node = app?.processes?.find((p) => p.name === process)?.nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const config = 'config' in node && typeof node.config === 'object' && node.config !== null ? (node.config as Record<string, unknown>) : {};
  return { title: config['title'], label: node.label ?? null };
}

/** The definition each run ran on, read once per version the tasks name. */
async function appsByVersion(knex: Knex, live: RecordTaskViewer['live'], versions: Iterable<number>): Promise<Map<number, App>> {
  const apps = new Map<number, App>([[live.version, live.app]]);
  for (const version of new Set(versions)) {
    if (apps.has(version)) continue;
    const stored = await readVersion(knex, version);
    if (stored) apps.set(version, stored.definition as App);
  }
  return apps;
}

function sortForPage(tasks: readonly HumanTask[]): HumanTask[] {
  const open = tasks.filter((t) => t.status === 'open');
  const rest = tasks.filter((t) => t.status !== 'open').sort((a, b) => (b.completedAt ?? b.createdAt).localeCompare(a.completedAt ?? a.createdAt));
  return [...open, ...rest];
}

export async function readRecordTasks(knex: Knex, viewer: RecordTaskViewer, entity: string, recordId: string): Promise<RecordProcessTask[]> {
  const tasks = sortForPage(await listTasks(knex, { entity, recordId, status: null, limit: RECORD_TASKS_LIMIT }));
  if (tasks.length === 0) return [];
  const runIds = [...new Set(tasks.flatMap((t) => (t.runId ? [t.runId] : [])))];
  const runs = new Map((await listRuns(knex, { ids: runIds, limit: runIds.length })).map((r) => [r.id, r]));
  const apps = await appsByVersion(knex, viewer.live, [...runs.values()].map((r) => r.version));
  const names = await personNames(knex, tasks.flatMap((t) => [t.assignee, t.completedBy ?? null].filter((id): id is string => typeof id === 'string')));
  const access = viewer.policy.entity(entity);
  const fieldVisible = (field: string): boolean => access.isFieldVisible(field);

  return tasks.map((task): RecordProcessTask => {
    const run = task.runId ? runs.get(task.runId) : undefined;
    const step = run ? stepOf(apps.get(run.version), run.process, task.nodeId ?? null) : null;
    const whole = viewer.full || task.assignee === viewer.actorId;
    // A task whose step is gone from the version it ran on cannot be judged: its title stays hidden.
    const titleShown = whole || (step !== null && templateReadableBy(step.title, fieldVisible));
    return {
      id: task.id,
      kind: task.kind,
      title: titleShown ? task.title : null,
      label: step?.label ?? null,
      description: whole ? task.description : null,
      assignee: task.assignee,
      assigneeName: task.assignee ? (names.get(task.assignee) ?? null) : null,
      status: task.status,
      outcome: task.outcome,
      comment: task.comment,
      dueAt: task.dueAt,
      createdAt: task.createdAt,
      completedAt: task.completedAt ?? null,
      completedBy: task.completedBy ?? null,
      completedByName: task.completedBy ? (names.get(task.completedBy) ?? null) : null,
      process: run?.process ?? null,
      runId: task.runId,
    };
  });
}
