import type { Node, NodeLimitCeilings } from '@crm/schemas';
import type { RunMode } from '../nodes/node-type.js';
import { nodeTypeOf } from '../nodes/node.registry.js';

/*
 * "External or transactional", decided once from the node-type catalog (each type's `work`), for
 * the session that chains steps (run-session.ts) and the worker that claims jobs (job.processor.ts).
 * Only an after-save run steps apart for external work: a before-save run is inside the record's
 * transaction and a simulation makes no external effects.
 */

/**
 * The step is committed as running first, then its work is done outside any transaction. A job
 * that is waiting resumes in the transaction that claimed it (its external work, if any, is done).
 */
export function runsApart(node: Node | undefined, mode: RunMode, jobStatus: 'ready' | 'waiting' | 'parked'): boolean {
  return node !== undefined && mode === 'after-save' && jobStatus === 'ready' && nodeTypeOf(node).work === 'external';
}

/** How long the node's external work may take, as its type says (the job's lease is this plus the margin). */
export function externalTimeoutMs(node: Node, ceilings: NodeLimitCeilings): number {
  return nodeTypeOf(node).callTimeoutMs(node, ceilings);
}

/**
 * Whether the node's step writes nothing to the database (it decides a branch, splits, joins or
 * ends, at most reading records), so a failure of it has nothing to roll back and its step needs
 * no savepoint: two round trips (SAVEPOINT, RELEASE) saved per such step. Its history row goes in
 * with the session's flush either way.
 */
export function stepWritesNothing(node: Node): boolean {
  switch (node.type) {
    case 'condition':
    case 'switch':
    case 'parallel':
    case 'join':
    case 'end':
      return true;
    default:
      return false;
  }
}
