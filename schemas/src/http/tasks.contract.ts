import type { LocalizedText } from '../../generated/definition.types.js';
/*
 * /api/tasks (runtime/src/processes/tasks.routes.ts): the human tasks and approvals the engine
 * gives people (engine/src/tasks/human-tasks.service.ts), and who an open one may be handed to.
 */

export interface HumanTask {
  id: string;
  kind: 'task' | 'approval';
  title: string;
  description: string | null;
  /** The user id it is assigned to. */
  assignee: string | null;
  status: string;
  outcome: string | null;
  comment: string | null;
  dueAt: string | null;
  remindAt: string | null;
  entity: string | null;
  recordId: string | null;
  runId: string | null;
  /** An approval that reached this person by escalation: which escalation, from whom (user ids), and why. */
  escalation: { round: number; from: string[]; reason: unknown } | null;
  createdAt: string;
  // The runtime always sends these too; optional so a client may build a task without them.
  completedBy?: string | null;
  completedAt?: string | null;
  /** The process node that created it. */
  nodeId?: string | null;
}

/** GET /api/tasks. */
export interface HumanTaskList {
  data: HumanTask[];
}

/** An approval is approved or rejected; a plain task is done. */
export type TaskOutcome = 'approved' | 'rejected' | 'done';

/** A person an open task may be handed to (GET /api/tasks/:id/assignees answers `{data: TaskAssignee[]}`). */
export interface TaskAssignee {
  id: string;
  name: string;
  email: string;
}

/** POST /api/tasks/:id/reassign. */
export interface TaskReassigned {
  id: string;
  assignee: string;
}

/**
 * One task or approval a process gave someone about a record, as the record's page lists it
 * (GET /api/tasks/on-record/:entity/:recordId), for anyone who may read the record.
 */
export interface RecordProcessTask {
  id: string;
  kind: 'task' | 'approval';
  /**
   * The task's title as it was made. Null for a reader the title is not shown to: it was made from
   * a template naming something they may not read (a hidden field, another record, a step's output).
   */
  title: string | null;
  /** The process step's own label, for a reader without the title (null: the step has none). */
  label: LocalizedText | null;
  /** For the assignee, admins and builders only: it may quote any value the process read. */
  description: string | null;
  assignee: string | null;
  assigneeName: string | null;
  status: string;
  outcome: string | null;
  /** The decision's comment: what the person wrote for the people of the record. */
  comment: string | null;
  dueAt: string | null;
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
  completedByName: string | null;
  /** The process it came from (its name), and its run. */
  process: string | null;
  runId: string | null;
}

/** GET /api/tasks/on-record/:entity/:recordId: open ones first (earliest due), then the rest, newest first. */
export interface RecordProcessTaskList {
  data: RecordProcessTask[];
}
