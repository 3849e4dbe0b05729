import type { App, Node, Process } from '@crm/schemas';
import { mayTrigger } from './record-trigger.matcher.js';

/*
 * Whether the engine writes rows of its own when a record is saved, decided from the definition
 * alone (no query), so the records service can store a save whose processes write nothing else as
 * one statement without a transaction around it.
 *
 * Before-save: a run's own rows (the run and its steps, with the tasks and notifications its steps
 * make: NodeContext.writeWithStep) are handed to the save and written with the record; what else a
 * node writes (a record, an e-mail, a rotation pointer; a script may create or update records) is
 * written as the node runs, so a save with such a node needs the transaction.
 *
 * After-save: starting runs writes the outbox (process_runs, run_jobs), asked with the values about
 * to be stored (a stage trigger fires only on entering its stage); an update, delete or restore may
 * wake a process waiting on the record. A create never does: no process can be waiting on a record
 * id that did not exist.
 */

/** A write as the policy sees it: the record before (null for a create) and the values stored. */
export interface WriteSketch {
  entity: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

/** Whether the node writes nothing of its own while a before-save run executes it. */
function writesNothingElse(node: Node): boolean {
  switch (node.type) {
    case 'condition':
    case 'switch':
    case 'loop':
    case 'parallel':
    case 'join':
    case 'end':
    case 'create_task':
    case 'notify':
      return true;
    case 'assign':
      return node.config.strategy !== 'role-round-robin';
    case 'update_record':
      return !node.config.target;
    default:
      return false;
  }
}

function isBeforeSaveOf(process: Process, entity: string): boolean {
  const { trigger } = process;
  return process.enabled !== false && process.mode === 'before-save' && (trigger.type === 'record' || trigger.type === 'stage') && trigger.entity === entity;
}

/** Whether a before-save process of `entity` may write more than its own run and steps. */
export function beforeSaveWritesElsewhere(app: App, entity: string): boolean {
  return (app.processes ?? []).some((process) => isBeforeSaveOf(process, entity) && !process.nodes.every(writesNothingElse));
}

/** Whether the engine may write in the transaction of this write (after-save runs, record waits). */
export function recordWriteMayStartWork(app: App, write: WriteSketch): boolean {
  return write.action !== 'create' || mayTrigger(app, write, 'after-save');
}
