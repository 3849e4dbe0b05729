import type { Node } from '../../generated/definition.types.js';

/*
 * The outputs ("handles") of each node type: what an edge's `handle` may name when it leaves that
 * node. Branching outputs must be connected; "out" may be left open (the run ends there). The
 * validator, the engine and the builder's connection check all read this one table.
 */

export interface NodeHandle {
  handle: string;
  /** A branch that must lead somewhere (condition true/false, switch cases, approval, loop). */
  required: boolean;
}

const OUT: NodeHandle = { handle: 'out', required: false };

/** The default handle of an edge without one. */
export const DEFAULT_HANDLE = 'out';

export function nodeOutputHandles(node: Node): NodeHandle[] {
  switch (node.type) {
    case 'condition':
      return [
        { handle: 'true', required: true },
        { handle: 'false', required: true },
      ];
    case 'switch':
      return [...node.config.cases.map((c) => ({ handle: c.handle, required: true })), { handle: 'default', required: true }];
    case 'approval': {
      const handles = [
        { handle: 'approved', required: true },
        { handle: 'rejected', required: true },
      ];
      const { timeout, escalateTo, escalation } = node.config;
      if (timeout === undefined) return handles;
      // Configured to be taken after the last escalation: the author asked for that branch, so it must lead somewhere.
      if (escalateTo !== undefined && escalation?.afterLast === 'timeout') return [...handles, { handle: 'timeout', required: true }];
      return escalateTo === undefined ? [...handles, { handle: 'timeout', required: false }] : handles;
    }
    case 'loop':
      return [
        { handle: 'each', required: true },
        { handle: 'done', required: true },
      ];
    case 'wait':
      return node.config.timeout !== undefined ? [OUT, { handle: 'timeout', required: false }] : [OUT];
    case 'end':
      return [];
    default:
      return [OUT];
  }
}

/** Node types a cycle must pass through so that the process does not spin: they wait or iterate. */
export const CYCLE_BREAKING_NODE_TYPES: ReadonlySet<Node['type']> = new Set(['wait', 'approval', 'loop']);
