import type { Node } from '@crm/schemas';
import { approvalNode } from './approval.node.js';
import { assignNode } from './assign.node.js';
import { conditionNode } from './condition.node.js';
import { documentNode } from './document.node.js';
import { endNode } from './end.node.js';
import { callProcessNode, loopNode } from './flow-control.nodes.js';
import { httpNode } from './http.node.js';
import type { NodeType } from './node-type.js';
import { joinNode, parallelNode } from './parallel.node.js';
import { createTaskNode, emailNode, notifyNode } from './people-work.nodes.js';
import { createRecordNode, updateRecordNode } from './record-write.nodes.js';
import { scriptNode } from './script.node.js';
import { switchNode } from './switch.node.js';
import { waitNode } from './wait.node.js';

/** Every node type, by its type id: the one table the executor and the builder's palette read. */
export const NODE_TYPES: Readonly<Record<Node['type'], NodeType>> = {
  condition: conditionNode,
  switch: switchNode,
  assign: assignNode,
  update_record: updateRecordNode,
  create_record: createRecordNode,
  create_task: createTaskNode,
  approval: approvalNode,
  wait: waitNode,
  notify: notifyNode,
  email: emailNode,
  document: documentNode,
  http: httpNode,
  script: scriptNode,
  loop: loopNode,
  parallel: parallelNode,
  join: joinNode,
  call_process: callProcessNode,
  end: endNode,
};

export function nodeTypeOf(node: Node): NodeType {
  return NODE_TYPES[node.type];
}
