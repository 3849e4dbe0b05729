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
