import { describe, expect, it } from 'vitest';
import { validateApp, type App, type EnumField } from '@crm/schemas';
import { applyDraftChange, type DraftChange } from './definition-draft.apply.js';
import { isAppOutline } from './definition-outline.rules.js';
import { addStage, createPipeline, freeStageFields, moveStage, PipelineEditError, removePipeline, removeStage, renamePipeline, updateStage } from './pipeline-draft.apply.js';
import { pipelineApp } from './stage-robots.fixtures.js';
import { addRobot, newRobot, setStageRobots } from './stage-robots.apply.js';

function run(app: App, change: DraftChange): App {
  const applied = applyDraftChange(app, change, isAppOutline);
  // Every edit undoes exactly.
  expect(applyDraftChange(applied.document, applied.inverse, isAppOutline).document).toEqual(app);
  return applied.document;
}

function issuesOf(app: App): string[] {
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => `${i.code} ${i.pointer}`);
}

const stageNames = (app: App): string[] => app.pipelines?.[0]?.stages.map((s) => s.name) ?? [];
const optionValues = (app: App): string[] => {
  const field = app.entities[0]?.fields.find((f): f is EnumField => f.name === 'stage' && f.type === 'enum');
  return field?.options?.map((o) => o.value) ?? [];
};

/** An app whose won stage has a robot, for the edits that must carry robots along. */
function withWonRobot(): App {
  const app = pipelineApp();
  const lane = addRobot({ robots: [] }, newRobot(app, { robots: [] }, 'create_task', 'ru'));
  return run(app, setStageRobots(app, 'sales', 'won', lane));
}

describe('pipeline draft edits', () => {
  it('adds an open stage before won and lost, with a name from its label, and the field option beside it', () => {
    const app = pipelineApp();
    const { change, name } = addStage(app, 'sales', { ru: 'Переговоры', en: 'Negotiation' });
    const next = run(app, change);
    expect(name).toBe('negotiation');
    expect(stageNames(next)).toEqual(['new', 'negotiation', 'won', 'lost']);
    expect(optionValues(next)).toEqual(['new', 'negotiation', 'won', 'lost']);
    expect(next.pipelines?.[0]?.stages[1]).toMatchObject({ kind: 'open', label: { ru: 'Переговоры', en: 'Negotiation' } });
    expect(issuesOf(next)).toEqual([]);
  });

  it('a Russian-only label gives a transliterated name, and a taken one gets a suffix', () => {
    const app = pipelineApp();
    expect(addStage(app, 'sales', { ru: 'Новая', en: '' }).name).toBe('novaia');
    expect(addStage(app, 'sales', { ru: 'Новая', en: 'New' }).name).toBe('new_2');
  });

  it('reorders stages and their options', () => {
    const app = pipelineApp();
    const next = run(app, moveStage(app, 'sales', 2, 0));
    expect(stageNames(next)).toEqual(['lost', 'new', 'won']);
    expect(optionValues(next)).toEqual(['lost', 'new', 'won']);
    expect(issuesOf(next)).toEqual([]);
    expect(moveStage(app, 'sales', 1, 1).patches).toEqual([]);
  });

  it('deleting a stage drops it from transitions, from the options and takes its robots along', () => {
    const app = withWonRobot();
    const next = run(app, removeStage(app, 'sales', 1));
    expect(stageNames(next)).toEqual(['new', 'lost']);
    expect(optionValues(next)).toEqual(['new', 'lost']);
    expect(next.pipelines?.[0]?.stages[0]?.transitions).toEqual(['lost']);
    expect(next.processes).toEqual([]);
    expect(issuesOf(next)).toEqual([]);
  });

  it('refuses to delete the last stage', () => {
    let app = pipelineApp();
    app = run(app, removeStage(app, 'sales', 2));
    app = run(app, removeStage(app, 'sales', 1));
    expect(() => removeStage(app, 'sales', 0)).toThrow(PipelineEditError);
  });

  it('sets probability, kind, colour, required fields and transitions; clearing them removes the members', () => {
    const app = pipelineApp();
    let next = run(app, updateStage(app, 'sales', 0, { probability: 30, kind: 'open', color: '#ff9800', requiredFields: ['amount', 'close_date'], transitions: ['won', 'new'] }));
    // A stage never lists itself among its transitions.
    expect(next.pipelines?.[0]?.stages[0]).toEqual({
      name: 'new',
      label: { ru: 'Новая', en: 'New' },
      probability: 30,
      kind: 'open',
      color: '#ff9800',
      requiredFields: ['amount', 'close_date'],
      transitions: ['won'],
    });
    expect(issuesOf(next)).toEqual([]);
    next = run(next, updateStage(next, 'sales', 0, { probability: null, requiredFields: [], transitions: null }));
    expect(next.pipelines?.[0]?.stages[0]).toEqual({ name: 'new', label: { ru: 'Новая', en: 'New' }, kind: 'open', color: '#ff9800' });
  });

  it('a new label and colour follow into the field option', () => {
    const app = pipelineApp();
    const next = run(app, updateStage(app, 'sales', 1, { label: { ru: 'Выиграна', en: 'Closed won' }, color: '#4caf50' }));
    const field = next.entities[0]?.fields.find((f) => f.name === 'stage');
    expect(field && field.type === 'enum' ? field.options?.[1] : null).toEqual({ value: 'won', label: { ru: 'Выиграна', en: 'Closed won' }, color: '#4caf50' });
  });

  it('creates a pipeline on a new stage field with the default stages, valid at once', () => {
    const app = pipelineApp();
    const { change, name } = createPipeline(app, { entity: 'deal', field: null, label: { ru: 'Тендеры', en: 'Tenders' } });
    const next = run(app, change);
    expect(name).toBe('tenders');
    expect(next.entities[0]?.fields.at(-1)).toEqual({ name: 'stage_2', type: 'enum', label: { ru: 'Этап', en: 'Stage' } });
    expect(next.pipelines?.[1]).toMatchObject({ name: 'tenders', entity: 'deal', field: 'stage_2' });
    expect(next.pipelines?.[1]?.stages.map((s) => s.kind)).toEqual(['open', 'open', 'won', 'lost']);
    expect(issuesOf(next)).toEqual([]);
  });

  it('creates a pipeline on an existing enum field with its options as the stages', () => {
    const app = pipelineApp();
    expect(freeStageFields(app, 'deal').map((f) => f.name)).toEqual(['priority']);
    const next = run(app, createPipeline(app, { entity: 'deal', field: 'priority', label: { ru: 'Приоритет', en: '' } }).change);
    expect(next.pipelines?.[1]?.stages.map((s) => s.name)).toEqual(['low', 'high']);
    expect(issuesOf(next)).toEqual([]);
    expect(() => createPipeline(app, { entity: 'deal', field: 'title', label: { ru: 'x', en: 'x' } })).toThrow(PipelineEditError);
  });

  it('the first pipeline of an app creates the list', () => {
    const app: App = { ...pipelineApp() };
    delete app.pipelines;
    const next = run(app, createPipeline(app, { entity: 'deal', field: null, label: { ru: 'Продажи', en: 'Sales' } }).change);
    expect(next.pipelines?.map((p) => p.name)).toEqual(['sales']);
  });

  it('renames a pipeline and removes it with its robots', () => {
    const app = withWonRobot();
    const renamed = run(app, renamePipeline(app, 'sales', { ru: 'Сделки', en: 'Deals' }));
    expect(renamed.pipelines?.[0]?.label).toEqual({ ru: 'Сделки', en: 'Deals' });
    const removed = run(app, removePipeline(app, 'sales'));
    expect(removed.pipelines).toEqual([]);
    expect(removed.processes).toEqual([]);
  });
});
