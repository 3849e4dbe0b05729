import type { ApprovalNode, AssignNode, Condition, CreateTaskNode, Edge, Node, NotifyNode, Pipeline, Process, Stage, UpdateRecordNode, WaitNode } from '@crm/schemas';

/*
 * Stage robots (the Bitrix24 habit): a lane of small actions under a pipeline stage that run when a
 * record enters it. The lane is not a second automation language: it is an ordinary process with a
 * stage trigger, one per (pipeline, stage), that the engine runs like any other, and that the
 * process designer opens. This file is the two-way mapping between the lane and that process.
 *
 * The process of a lane is a chain in lane order: trigger -> robot 1 -> robot 2 -> ... A robot with
 * a condition is preceded by a condition node `<id>_if` whose true branch runs the robot and whose
 * false branch skips to the next robot. A wait robot is a wait node in the chain, so everything
 * after it runs after the wait. An approval goes on to the next robot whatever the decision (and
 * on a timeout). Branches that must lead somewhere but have no next robot end in one `end` node
 * `done`. Reading back, a process is a lane only when it has exactly this shape; anything else
 * (an edit in the designer that adds a branch) "outgrows" the lane and the designer manages it.
 */

export const ROBOT_KINDS = ['create_task', 'notify', 'assign', 'update_record', 'wait', 'approval'] as const;
export type RobotKind = (typeof ROBOT_KINDS)[number];
export type RobotNode = AssignNode | CreateTaskNode | NotifyNode | UpdateRecordNode | WaitNode | ApprovalNode;

export interface Robot {
  /** The robot's node (its id is the robot's id); the lane keeps its config as the process has it. */
  node: RobotNode;
  /** Run the robot only when this holds (checked when the robot's turn comes). */
  condition?: Condition;
}

export interface RobotLane {
  robots: Robot[];
  /** false: the robots run only for records moved into the stage, not for ones created in it. */
  onCreate?: boolean;
  /** false: the robots are switched off. */
  enabled?: boolean;
}

export const DONE_NODE_ID = 'done';
const CONDITION_SUFFIX = '_if';
const STEP_Y = 120;
const BRANCH_X = 280;

function isRobotKind(type: string): type is RobotKind {
  return (ROBOT_KINDS as readonly string[]).includes(type);
}

function isRobotNode(node: Node): node is RobotNode {
  return isRobotKind(node.type);
}

/** The process name of a stage's robots (names are at most 63 characters). */
export function robotsProcessName(pipeline: string, stage: string): string {
  return `robots_${pipeline}_${stage}`.slice(0, 63);
}

export function conditionNodeId(robotId: string): string {
  return `${robotId}${CONDITION_SUFFIX}`;
}

/** Node ids the lane may not give a robot: taken by robots, their condition nodes or the end node. */
export function takenNodeIds(lane: RobotLane): Set<string> {
  return new Set([DONE_NODE_ID, ...lane.robots.flatMap((r) => [r.node.id, conditionNodeId(r.node.id)])]);
}

/** The handles through which the robot's node goes on to whatever comes next. */
function onwardHandles(node: RobotNode): string[] {
  if (node.type === 'approval') return node.config.timeout === undefined ? ['approved', 'rejected'] : ['approved', 'rejected', 'timeout'];
  return ['out'];
}

/** Whether a handle must lead somewhere (then, with no next robot, it leads to `done`). */
function mustLead(handle: string): boolean {
  return handle !== 'out' && handle !== 'timeout';
}

function edge(from: string, to: string, handle?: string): Edge {
  return handle === undefined || handle === 'out' ? { from, to } : { from, to, handle };
}

const LABELS = {
  condition: { ru: 'Условие робота', en: 'Robot condition' },
  done: { ru: 'Конец', en: 'End' },
} as const;

/** The lane as the process the engine runs. */
export function laneToProcess(pipeline: Pipeline, stage: Stage, lane: RobotLane): Process {
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  let needsDone = false;
  const entry = (k: number): string | null => {
    const robot = lane.robots[k];
    if (!robot) return null;
    return robot.condition ? conditionNodeId(robot.node.id) : robot.node.id;
  };
  const lead = (from: string, handle: string, to: string | null): void => {
    if (to !== null) edges.push(edge(from, to, handle));
    else if (mustLead(handle)) {
      needsDone = true;
      edges.push(edge(from, DONE_NODE_ID, handle));
    }
  };
  const first = entry(0);
  if (first !== null) edges.push(edge('trigger', first));
  lane.robots.forEach((robot, k) => {
    const next = entry(k + 1);
    const y = k * STEP_Y * 2;
    if (robot.condition) {
      const id = conditionNodeId(robot.node.id);
      nodes.push({ id, type: 'condition', label: LABELS.condition, position: { x: 0, y }, config: { condition: robot.condition } });
      edges.push(edge(id, robot.node.id, 'true'));
      lead(id, 'false', next);
    }
    nodes.push({ ...robot.node, position: { x: robot.condition ? BRANCH_X : 0, y: y + STEP_Y } });
    for (const handle of onwardHandles(robot.node)) lead(robot.node.id, handle, next);
  });
  if (needsDone) nodes.push({ id: DONE_NODE_ID, type: 'end', label: LABELS.done, position: { x: 0, y: lane.robots.length * STEP_Y * 2 }, config: { status: 'completed' } });
  const en = stage.label?.en ?? stage.name;
  const ru = stage.label?.ru ?? en;
  return {
    name: robotsProcessName(pipeline.name, stage.name),
    label: { ru: `Роботы стадии «${ru}»`, en: `Robots of stage “${en}”` },
    ...(lane.enabled === false ? { enabled: false } : {}),
    trigger: { type: 'stage', entity: pipeline.entity, pipeline: pipeline.name, stage: stage.name, ...(lane.onCreate === false ? { onCreate: false } : {}) },
    nodes,
    edges,
  };
}

function withoutPosition(node: RobotNode): RobotNode {
  const copy = { ...node };
  delete copy.position;
  return copy;
}

function sameEdges(a: readonly Edge[], b: readonly Edge[]): boolean {
  const key = (e: Edge): string => `${e.from}>${e.handle ?? 'out'}>${e.to}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}

/** Walks the chain from the trigger; null when the graph is not a chain of robots. */
function readChain(process: Process): Robot[] | null {
  const byId = new Map(process.nodes.map((n) => [n.id, n]));
  if (byId.size !== process.nodes.length) return null;
  const robots: Robot[] = [];
  let at = process.edges.find((e) => e.from === 'trigger')?.to;
  const seen = new Set<string>();
  while (at !== undefined && at !== DONE_NODE_ID) {
    if (seen.has(at)) return null;
    seen.add(at);
    const node = byId.get(at);
    if (!node) return null;
    let robot: Robot;
    if (node.type === 'condition') {
      if (!node.id.endsWith(CONDITION_SUFFIX)) return null;
      const target = byId.get(node.id.slice(0, -CONDITION_SUFFIX.length));
      if (!target || !isRobotNode(target)) return null;
      seen.add(target.id);
      robot = { node: withoutPosition(target), condition: node.config.condition };
    } else if (isRobotNode(node)) {
      robot = { node: withoutPosition(node) };
    } else {
      return null;
    }
    robots.push(robot);
    const onward = process.edges.find((e) => e.from === robot.node.id && (e.handle ?? 'out') === onwardHandles(robot.node)[0]);
    at = onward?.to;
  }
  return robots;
}

/**
 * The lane a process is, or null when it is not exactly the shape laneToProcess gives (then the
 * process designer manages these robots). Positions and labels of the designer are not part of it.
 */
export function processToLane(process: Process, pipeline: Pipeline, stage: Stage): RobotLane | null {
  const { trigger } = process;
  if (trigger.type !== 'stage' || trigger.entity !== pipeline.entity || trigger.pipeline !== pipeline.name || trigger.stage !== stage.name) return null;
  if (trigger.condition !== undefined || process.mode === 'before-save') return null;
  if (process.name !== robotsProcessName(pipeline.name, stage.name)) return null;
  const robots = readChain(process);
  if (!robots || robots.length === 0) return null;
  const lane: RobotLane = { robots, ...(trigger.onCreate === false ? { onCreate: false } : {}), ...(process.enabled === false ? { enabled: false } : {}) };
  // The walk followed one handle per node; the whole graph must be exactly what the lane compiles to.
  const rebuilt = laneToProcess(pipeline, stage, lane);
  if (rebuilt.nodes.length !== process.nodes.length || !sameEdges(rebuilt.edges, process.edges)) return null;
  const done = process.nodes.find((n) => n.id === DONE_NODE_ID);
  if (done && (done.type !== 'end' || (done.config?.status ?? 'completed') !== 'completed' || done.config?.message !== undefined)) return null;
  return lane;
}

export type StageRobotsState =
  | { kind: 'empty' }
  | { kind: 'lane'; lane: RobotLane; processIndex: number }
  | { kind: 'designer'; processName: string; processIndex: number };

/** What the lane under a stage shows: nothing yet, its robots, or "the designer manages these". */
export function stageRobotsState(processes: readonly Process[] | undefined, pipeline: Pipeline, stage: Stage): StageRobotsState {
  const name = robotsProcessName(pipeline.name, stage.name);
  const processIndex = (processes ?? []).findIndex((p) => p.name === name);
  const process = processes?.[processIndex];
  if (!process) return { kind: 'empty' };
  const lane = processToLane(process, pipeline, stage);
  return lane ? { kind: 'lane', lane, processIndex } : { kind: 'designer', processName: name, processIndex };
}

/** Other processes that start when a record enters the stage (shown beside the lane). */
export function otherStageProcesses(processes: readonly Process[] | undefined, pipeline: Pipeline, stage: Stage): Process[] {
  const own = robotsProcessName(pipeline.name, stage.name);
  return (processes ?? []).filter((p) => p.name !== own && p.trigger.type === 'stage' && p.trigger.pipeline === pipeline.name && p.trigger.stage === stage.name);
}
