import { defineNodeType, type NodeResult } from './node-type.js';

/** Starts every outgoing branch at once (the executor turns each edge into a branch). */
export const parallelNode = defineNodeType({
  type: 'parallel',
  execute(): NodeResult {
    return { kind: 'continue', output: {} };
  },
});

/**
 * Where branches meet. The executor counts arrivals and schedules the join once: when every
 * incoming branch arrived (wait all) or no other branch can still arrive, or at the first arrival
 * (wait first; later arrivals end there).
 */
export const joinNode = defineNodeType({
  type: 'join',
  execute(): NodeResult {
    return { kind: 'continue', output: {} };
  },
});
