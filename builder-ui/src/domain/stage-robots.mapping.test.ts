import { describe, expect, it } from 'vitest';
import { validateApp, type App, type Pipeline, type Process, type Stage } from '@crm/schemas';
import { applyDraftChange } from './definition-draft.apply.js';
import { isAppOutline } from './definition-outline.rules.js';
import { pipelineApp } from './stage-robots.fixtures.js';
import { addRobot, laneOf, newRobot, setStageRobots } from './stage-robots.apply.js';
import { DONE_NODE_ID, laneToProcess, otherStageProcesses, processToLane, ROBOT_KINDS, robotsProcessName, stageRobotsState, type RobotLane } from './stage-robots.mapping.js';

function salesOf(app: App): { pipeline: Pipeline; won: Stage } {
  const pipeline = app.pipelines?.[0];
  const won = pipeline?.stages[1];
  if (!pipeline || !won) throw new Error('fixture without the sales pipeline');
  return { pipeline, won };
}

/** Every robot kind, in lane order, the second and the wait with a condition. */
function fullLane(app: App): RobotLane {
  let lane: RobotLane = { robots: [] };
  for (const kind of ROBOT_KINDS) lane = addRobot(lane, newRobot(app, lane, kind, 'ru'));
  lane.robots[1] = { ...lane.robots[1]!, condition: { field: 'amount', op: 'gt', value: 100000 } };
  lane.robots[4] = { ...lane.robots[4]!, condition: { field: 'priority', op: 'eq', value: 'high' } };
  return lane;
}

function withProcess(app: App, process: Process): App {
  return { ...app, processes: [...(app.processes ?? []), process] };
}

describe('stage robots <-> process', () => {
  it('compiles a lane with every robot kind into a process that passes validateApp and reads back as the same lane', () => {
    const app = pipelineApp();
    const { pipeline, won } = salesOf(app);
    const lane = fullLane(app);
    const process = laneToProcess(pipeline, won, lane);

    expect(process.name).toBe('robots_sales_won');
    expect(process.label).toEqual({ ru: 'Роботы стадии «Успешно»', en: 'Robots of stage “Won”' });
    expect(process.trigger).toEqual({ type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'won' });
    const result = validateApp(withProcess(app, process));
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(processToLane(process, pipeline, won)).toEqual(lane);
  });

  it('chains robots in lane order; a condition runs its robot on true and skips to the next on false', () => {
    const app = pipelineApp();
    const { pipeline, won } = salesOf(app);
    const lane = fullLane(app);
    const process = laneToProcess(pipeline, won, lane);
    const [task, notify, assign, update, wait, approval] = lane.robots.map((r) => r.node.id);
    expect(process.edges).toEqual(
      expect.arrayContaining([
        { from: 'trigger', to: task },
        { from: task, to: `${notify}_if` },
        { from: `${notify}_if`, to: notify, handle: 'true' },
        { from: `${notify}_if`, to: assign, handle: 'false' },
        { from: notify, to: assign },
        { from: update, to: `${wait}_if` },
        // Everything after the wait runs after it.
        { from: wait, to: approval },
        // The last robot's required branches end in the one end node.
        { from: approval, to: DONE_NODE_ID, handle: 'approved' },
        { from: approval, to: DONE_NODE_ID, handle: 'rejected' },
      ]),
    );
    // An approval's open timeout is left open at the end of the lane (the run simply ends).
    expect(process.edges.filter((e) => e.from === approval && e.handle === 'timeout')).toEqual([]);
    expect(process.nodes.find((n) => n.id === DONE_NODE_ID)?.type).toBe('end');
  });

  it('an approval in the middle goes on to the next robot whatever the decision, and on a timeout', () => {
    const app = pipelineApp();
    const { pipeline, won } = salesOf(app);
    let lane: RobotLane = { robots: [] };
    lane = addRobot(lane, newRobot(app, lane, 'approval', 'en'));
    lane = addRobot(lane, newRobot(app, lane, 'notify', 'en'));
    const process = laneToProcess(pipeline, won, lane);
    expect(process.edges).toEqual([
      { from: 'trigger', to: 'approval_1' },
      { from: 'approval_1', to: 'notify_1', handle: 'approved' },
      { from: 'approval_1', to: 'notify_1', handle: 'rejected' },
      { from: 'approval_1', to: 'notify_1', handle: 'timeout' },
    ]);
    expect(process.nodes.map((n) => n.id)).toEqual(['approval_1', 'notify_1']);
    expect(validateApp(withProcess(app, process)).ok).toBe(true);
    expect(processToLane(process, pipeline, won)).toEqual(lane);
  });

  it('keeps "only when moved into the stage" and "switched off" through the round trip', () => {
    const app = pipelineApp();
    const { pipeline, won } = salesOf(app);
    const lane: RobotLane = { robots: [newRobot(app, { robots: [] }, 'create_task', 'ru')], onCreate: false, enabled: false };
    const process = laneToProcess(pipeline, won, lane);
    expect(process.enabled).toBe(false);
    expect(process.trigger).toMatchObject({ onCreate: false });
    expect(processToLane(process, pipeline, won)).toEqual(lane);
  });

  it('ignores the positions and keeps the labels the designer gave, so moving nodes there keeps the lane', () => {
    const app = pipelineApp();
    const { pipeline, won } = salesOf(app);
    const lane: RobotLane = { robots: [{ node: { id: 'call', type: 'create_task', label: { ru: 'Звонок', en: 'Call' }, config: { title: 'Позвонить' } } }] };
    const process = laneToProcess(pipeline, won, lane);
    const moved: Process = { ...process, nodes: process.nodes.map((n) => ({ ...n, position: { x: 999, y: 5 } })) };
    expect(processToLane(moved, pipeline, won)).toEqual(lane);
  });

  it('a process that outgrew the lane (a branch, a node of another type, a trigger condition) is left to the designer', () => {
    const app = pipelineApp();
    const { pipeline, won } = salesOf(app);
    const lane = fullLane(app);
    const process = laneToProcess(pipeline, won, lane);
    const withScript: Process = {
      ...process,
      nodes: [...process.nodes, { id: 'calc', type: 'script', config: { source: 'return 1;' } }],
      edges: [...process.edges, { from: 'create_task_1', to: 'calc' }],
    };
    const branched: Process = { ...process, edges: process.edges.map((e) => (e.from === 'notify_1_if' && e.handle === 'false' ? { ...e, to: 'update_record_1' } : e)) };
    const conditioned: Process = { ...process, trigger: { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'won', condition: { field: 'amount', op: 'gt', value: 1 } } };
    const renamed: Process = { ...process, name: 'my_process' };
    for (const outgrown of [withScript, branched, conditioned, renamed]) expect(processToLane(outgrown, pipeline, won)).toBeNull();

    const state = stageRobotsState([branched], pipeline, won);
    expect(state).toEqual({ kind: 'designer', processName: 'robots_sales_won', processIndex: 0 });
    expect(stageRobotsState([], pipeline, won)).toEqual({ kind: 'empty' });
    expect(stageRobotsState([process], pipeline, won)).toMatchObject({ kind: 'lane', processIndex: 0 });
  });

  it('lists the other processes that start on entering the stage', () => {
    const app = pipelineApp();
    const { pipeline, won } = salesOf(app);
    const other: Process = { name: 'celebrate', trigger: { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'won' }, nodes: [], edges: [] };
    const own = laneToProcess(pipeline, won, { robots: [newRobot(app, { robots: [] }, 'notify', 'ru')] });
    expect(otherStageProcesses([own, other], pipeline, won).map((p) => p.name)).toEqual(['celebrate']);
  });

  it('names are cut to the 63 characters a name may have', () => {
    expect(robotsProcessName('p'.repeat(40), 's'.repeat(40))).toHaveLength(63);
  });
});

describe('lane edits as draft changes', () => {
  it('the first robot adds the process, editing replaces it, the last one removed removes it; each undoes', () => {
    let app = pipelineApp();
    const run = (change: ReturnType<typeof setStageRobots>): App => {
      const applied = applyDraftChange(app, change, isAppOutline);
      expect(applyDraftChange(applied.document, applied.inverse, isAppOutline).document).toEqual(app);
      return applied.document;
    };
    const lane0 = laneOf(app, 'sales', 'won');
    expect(lane0).toEqual({ robots: [] });
    const lane1 = addRobot(lane0!, newRobot(app, lane0!, 'create_task', 'ru'));
    app = run(setStageRobots(app, 'sales', 'won', lane1));
    expect(app.processes?.map((p) => p.name)).toEqual(['robots_sales_won']);
    expect(validateApp(app).ok).toBe(true);

    const lane2 = addRobot(lane1, newRobot(app, lane1, 'wait', 'ru'));
    app = run(setStageRobots(app, 'sales', 'won', lane2));
    expect(laneOf(app, 'sales', 'won')).toEqual(lane2);

    app = run(setStageRobots(app, 'sales', 'won', { robots: [] }));
    expect(app.processes).toEqual([]);
  });

  it('laneOf is null when the designer manages the stage', () => {
    const app = pipelineApp();
    const { pipeline, won } = salesOf(app);
    const process = laneToProcess(pipeline, won, { robots: [newRobot(app, { robots: [] }, 'notify', 'ru')] });
    expect(laneOf(withProcess(app, { ...process, mode: 'before-save' }), 'sales', 'won')).toBeNull();
  });
});

describe('days in robot settings', () => {
  it('reads and writes whole days, and nothing for empty or other durations', async () => {
    const { daysOf, daysDuration } = await import('./stage-robots.apply.js');
    expect(daysOf('P3D')).toBe(3);
    expect(daysOf('PT3H')).toBeNull();
    expect(daysOf(undefined)).toBeNull();
    expect(daysDuration(2)).toBe('P2D');
    expect(daysDuration(0)).toBeUndefined();
    expect(daysDuration(null)).toBeUndefined();
  });
});
