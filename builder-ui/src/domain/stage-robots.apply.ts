import type { App, Condition, UiLocale } from '@crm/schemas';
import type { DraftChange, DraftPatch } from './definition-draft.apply.js';
import { findPipeline, PipelineEditError } from './pipeline-draft.apply.js';
import { laneToProcess, stageRobotsState, takenNodeIds, type Robot, type RobotKind, type RobotLane, type RobotNode } from './stage-robots.mapping.js';

/*
 * Edits of a stage's robots lane as DraftChanges: each edit compiles the whole lane into its
 * process and sets it in one patch (inserting the process for the first robot, removing it with
 * the last), so undo covers robot edits like any other and the draft never holds a lane apart
 * from the process the engine runs.
 */

/** The lane under the stage; an empty one when the stage has no robots yet. Null when the designer manages them. */
export function laneOf(app: App, pipelineName: string, stageName: string): RobotLane | null {
  const { pipeline } = findPipeline(app, pipelineName);
  const stage = pipeline.stages.find((s) => s.name === stageName);
  if (!stage) throw new PipelineEditError('UNKNOWN_STAGE', `There is no stage ${stageName} in pipeline ${pipelineName}.`);
  const state = stageRobotsState(app.processes, pipeline, stage);
  if (state.kind === 'designer') return null;
  return state.kind === 'lane' ? state.lane : { robots: [] };
}

/** Sets the stage's lane: the process is inserted, replaced or (with no robots left) removed. */
export function setStageRobots(app: App, pipelineName: string, stageName: string, lane: RobotLane, label = `Robots of ${stageName}`): DraftChange {
  const { pipeline } = findPipeline(app, pipelineName);
  const stage = pipeline.stages.find((s) => s.name === stageName);
  if (!stage) throw new PipelineEditError('UNKNOWN_STAGE', `There is no stage ${stageName} in pipeline ${pipelineName}.`);
  const state = stageRobotsState(app.processes, pipeline, stage);
  const patches: DraftPatch[] = [];
  if (lane.robots.length === 0) {
    if (state.kind !== 'empty') patches.push({ op: 'remove', path: ['processes', state.processIndex] });
  } else {
    const process = laneToProcess(pipeline, stage, lane);
    if (state.kind !== 'empty') patches.push({ op: 'set', path: ['processes', state.processIndex], value: process });
    else if (app.processes) patches.push({ op: 'insert', path: ['processes', app.processes.length], value: process });
    else patches.push({ op: 'set', path: ['processes'], value: [process] });
  }
  return { label, patches };
}

/** A fresh node id for a robot of the kind: `create_task_1`, `create_task_2`… */
export function newRobotId(lane: RobotLane, kind: RobotKind): string {
  const taken = takenNodeIds(lane);
  for (let n = 1; ; n += 1) if (!taken.has(`${kind}_${n}`)) return `${kind}_${n}`;
}

const TEXT = {
  task: { ru: 'Связаться по «{{record.title}}»', en: 'Follow up on “{{record.title}}”' },
  notify: { ru: 'Запись «{{record.title}}» перешла на новый этап', en: '“{{record.title}}” moved to a new stage' },
  approval: { ru: 'Согласовать «{{record.title}}»', en: 'Approve “{{record.title}}”' },
} as const;

/** A robot of the kind with settings that already pass validation, so it can be saved at once. */
export function newRobot(app: App, lane: RobotLane, kind: RobotKind, locale: UiLocale): Robot {
  const id = newRobotId(lane, kind);
  const firstRole = app.roles?.find((r) => r.name !== 'admin')?.name ?? app.roles?.[0]?.name;
  const nodes: Record<RobotKind, () => RobotNode> = {
    create_task: () => ({ id, type: 'create_task', config: { title: TEXT.task[locale], due: 'P1D' } }),
    notify: () => ({ id, type: 'notify', config: { to: { $ref: 'record.owner' }, message: TEXT.notify[locale] } }),
    assign: () =>
      firstRole
        ? { id, type: 'assign', config: { strategy: 'role-round-robin', role: firstRole } }
        : { id, type: 'assign', config: { strategy: 'owner-manager' } },
    update_record: () => ({ id, type: 'update_record', config: { values: {} } }),
    wait: () => ({ id, type: 'wait', config: { duration: 'P1D' } }),
    approval: () => ({ id, type: 'approval', config: { title: TEXT.approval[locale], approvers: ['owner-manager'], timeout: 'P2D' } }),
  };
  return { node: nodes[kind]() };
}

export function addRobot(lane: RobotLane, robot: Robot): RobotLane {
  return { ...lane, robots: [...lane.robots, robot] };
}

export function replaceRobot(lane: RobotLane, index: number, robot: Robot): RobotLane {
  return { ...lane, robots: lane.robots.map((r, k) => (k === index ? robot : r)) };
}

export function removeRobot(lane: RobotLane, index: number): RobotLane {
  return { ...lane, robots: lane.robots.filter((_, k) => k !== index) };
}

export function moveRobot(lane: RobotLane, from: number, to: number): RobotLane {
  const robot = lane.robots[from];
  if (!robot) return lane;
  const rest = lane.robots.filter((_, k) => k !== from);
  const target = Math.max(0, Math.min(to, rest.length));
  return { ...lane, robots: [...rest.slice(0, target), robot, ...rest.slice(target)] };
}

/** The robot with its condition set (or removed with null). */
export function withCondition(robot: Robot, condition: Condition | null): Robot {
  return condition ? { ...robot, condition } : { node: robot.node };
}

/** The whole days of a duration the lane writes ("P3D" -> 3); null for none or another form. */
export function daysOf(duration: string | undefined): number | null {
  const match = duration === undefined ? null : /^P(\d+)D$/.exec(duration);
  return match?.[1] ? Number(match[1]) : null;
}

/** Days as the duration a node takes; nothing for an empty or non-positive count. */
export function daysDuration(days: number | null): string | undefined {
  return days !== null && Number.isFinite(days) && days > 0 ? `P${Math.round(days)}D` : undefined;
}
