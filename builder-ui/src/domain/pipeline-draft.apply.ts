import type { App, EnumField, LocalizedText, Pipeline, Stage } from '@crm/schemas';
import type { DraftChange, DraftPatch } from './definition-draft.apply.js';
import { nameFromLabel, uniqueName } from './field-name.rules.js';
import { robotsProcessName } from './stage-robots.mapping.js';

/*
 * The pipeline editor's edits as DraftChanges over the app. A stage's `name` is the value stored
 * in the records' stage field, so it is chosen once (from the label) and the editor renames only
 * the label. When the stage field lists its options, the validator wants them to be exactly the
 * stages, so adding, moving and deleting a stage edits the options in the same change; deleting
 * a stage also drops it from the other stages' transitions and removes its robots' process, so
 * one undo brings all of it back.
 */

export type StageKind = NonNullable<Stage['kind']>;

/** Stage colours offered in the editor (readable on white, distinct for colour-blind eyes). */
export const STAGE_COLOURS = ['#9e9e9e', '#2196f3', '#ff9800', '#9c27b0', '#00897b', '#4caf50', '#f44336', '#795548'] as const;

export class PipelineEditError extends Error {
  constructor(readonly code: 'UNKNOWN_PIPELINE' | 'UNKNOWN_STAGE' | 'UNKNOWN_ENTITY' | 'LAST_STAGE' | 'NOT_ENUM', message: string) {
    super(message);
    this.name = 'PipelineEditError';
  }
}

interface Located {
  index: number;
  pipeline: Pipeline;
}

export function findPipeline(app: App, name: string): Located {
  const index = (app.pipelines ?? []).findIndex((p) => p.name === name);
  const pipeline = app.pipelines?.[index];
  if (!pipeline) throw new PipelineEditError('UNKNOWN_PIPELINE', `There is no pipeline ${name}.`);
  return { index, pipeline };
}

function stageAt(pipeline: Pipeline, s: number): Stage {
  const stage = pipeline.stages[s];
  if (!stage) throw new PipelineEditError('UNKNOWN_STAGE', `There is no stage ${s} in pipeline ${pipeline.name}.`);
  return stage;
}

/** Where the stage field is, and its options when it lists them (then they mirror the stages). */
function stageField(app: App, pipeline: Pipeline): { path: Array<string | number>; field: EnumField } | null {
  const e = app.entities.findIndex((entity) => entity.name === pipeline.entity);
  const fields = app.entities[e]?.fields ?? [];
  const f = fields.findIndex((field) => field.name === pipeline.field);
  const field = fields[f];
  return field && field.type === 'enum' ? { path: ['entities', e, 'fields', f], field } : null;
}

function optionPatches(app: App, pipeline: Pipeline, stages: readonly Stage[]): DraftPatch[] {
  const located = stageField(app, pipeline);
  if (!located?.field.options) return [];
  const before = new Map(located.field.options.map((o) => [o.value, o]));
  const options = stages.map((s) => ({ ...before.get(s.name), value: s.name, ...(s.label ? { label: s.label } : {}), ...(s.color ? { color: s.color } : {}) }));
  return [{ op: 'set', path: [...located.path, 'options'], value: options }];
}

const stagePath = (p: number, s: number): Array<string | number> => ['pipelines', p, 'stages', s];

/** Both languages filled: a missing English name repeats the Russian one (and the other way round). */
export function localized(ru: string | undefined, en?: string): LocalizedText {
  const russian = ru && ru.trim() !== '' ? ru : (en ?? '');
  return { ru: russian, en: en && en.trim() !== '' ? en : russian };
}

/** The stages a new pipeline starts with: two open stages, then won and lost. */
export function defaultStages(): Stage[] {
  return [
    { name: 'new', label: { ru: 'Новая', en: 'New' }, probability: 10, kind: 'open', color: STAGE_COLOURS[0] },
    { name: 'in_progress', label: { ru: 'В работе', en: 'In progress' }, probability: 50, kind: 'open', color: STAGE_COLOURS[1] },
    { name: 'won', label: { ru: 'Успешно', en: 'Won' }, probability: 100, kind: 'won', color: STAGE_COLOURS[5] },
    { name: 'lost', label: { ru: 'Проиграна', en: 'Lost' }, probability: 0, kind: 'lost', color: STAGE_COLOURS[6] },
  ];
}

/** Enum fields of the entity that no pipeline holds yet: the ones a new pipeline may use. */
export function freeStageFields(app: App, entity: string): EnumField[] {
  const taken = new Set((app.pipelines ?? []).filter((p) => p.entity === entity).map((p) => p.field));
  const fields = app.entities.find((e) => e.name === entity)?.fields ?? [];
  return fields.filter((f): f is EnumField => f.type === 'enum' && !taken.has(f.name));
}

export interface NewPipelineInput {
  entity: string;
  /** An enum field of the entity; null creates a new field "Stage" for the pipeline. */
  field: string | null;
  label: LocalizedText;
}

/** A pipeline on the entity; its stages follow the field's options, or the default four. */
export function createPipeline(app: App, input: NewPipelineInput): { change: DraftChange; name: string } {
  const e = app.entities.findIndex((entity) => entity.name === input.entity);
  const entity = app.entities[e];
  if (!entity) throw new PipelineEditError('UNKNOWN_ENTITY', `There is no entity ${input.entity}.`);
  const patches: DraftPatch[] = [];
  let fieldName = input.field;
  let stages = defaultStages();
  if (fieldName === null) {
    fieldName = uniqueName('stage', entity.fields.map((f) => f.name));
    // No options: the pipeline's stages are the field's values (the validator and records read them there).
    const field: EnumField = { name: fieldName, type: 'enum', label: { ru: 'Этап', en: 'Stage' } };
    patches.push({ op: 'insert', path: ['entities', e, 'fields', entity.fields.length], value: field });
  } else {
    const existing = entity.fields.find((f) => f.name === fieldName);
    if (!existing || existing.type !== 'enum') throw new PipelineEditError('NOT_ENUM', `${input.entity}.${fieldName} is not an enum field.`);
    if (existing.options && existing.options.length > 0) {
      stages = existing.options.map((o, k) => ({ name: o.value, label: o.label ?? localized(o.value), probability: 0, kind: 'open', color: o.color ?? STAGE_COLOURS[k % STAGE_COLOURS.length] }));
    }
  }
  const pipelines = app.pipelines ?? [];
  const name = uniqueName(nameFromLabel(input.label.en || input.label.ru || '', 'pipeline'), pipelines.map((p) => p.name));
  const pipeline: Pipeline = { name, label: localized(input.label.ru, input.label.en), entity: input.entity, field: fieldName, stages };
  patches.push(app.pipelines ? { op: 'insert', path: ['pipelines', pipelines.length], value: pipeline } : { op: 'set', path: ['pipelines'], value: [pipeline] });
  return { change: { label: `Add pipeline ${name}`, patches }, name };
}

export function renamePipeline(app: App, pipelineName: string, label: LocalizedText): DraftChange {
  const { index } = findPipeline(app, pipelineName);
  return { label: `Rename pipeline ${pipelineName}`, patches: [{ op: 'set', path: ['pipelines', index, 'label'], value: localized(label.ru, label.en) }] };
}

/** Removes the pipeline and its stages' robots (the stage field and its data stay). */
export function removePipeline(app: App, pipelineName: string): DraftChange {
  const { index, pipeline } = findPipeline(app, pipelineName);
  const robots = new Set(pipeline.stages.map((s) => robotsProcessName(pipeline.name, s.name)));
  const processes = (app.processes ?? []).map((p, k) => ({ name: p.name, k })).filter((p) => robots.has(p.name));
  const patches: DraftPatch[] = processes.reverse().map((p) => ({ op: 'remove', path: ['processes', p.k] }));
  patches.push({ op: 'remove', path: ['pipelines', index] });
  return { label: `Remove pipeline ${pipelineName}`, patches };
}

/** A new open stage, placed before the first won or lost stage (or at `at`). */
export function addStage(app: App, pipelineName: string, label: LocalizedText, at?: number): { change: DraftChange; name: string } {
  const { index, pipeline } = findPipeline(app, pipelineName);
  const closed = pipeline.stages.findIndex((s) => s.kind === 'won' || s.kind === 'lost');
  const position = at ?? (closed < 0 ? pipeline.stages.length : closed);
  const name = uniqueName(nameFromLabel(/[a-z]/i.test(label.en) ? label.en : (label.ru ?? label.en), 'stage'), pipeline.stages.map((s) => s.name));
  const stage: Stage = { name, label: localized(label.ru, label.en), probability: 50, kind: 'open', color: STAGE_COLOURS[pipeline.stages.length % STAGE_COLOURS.length] };
  const stages = [...pipeline.stages.slice(0, position), stage, ...pipeline.stages.slice(position)];
  const patches: DraftPatch[] = [{ op: 'insert', path: stagePath(index, position), value: stage }, ...optionPatches(app, pipeline, stages)];
  return { change: { label: `Add stage ${name}`, patches }, name };
}

export function moveStage(app: App, pipelineName: string, from: number, to: number): DraftChange {
  const { index, pipeline } = findPipeline(app, pipelineName);
  const stage = stageAt(pipeline, from);
  const target = Math.max(0, Math.min(to, pipeline.stages.length - 1));
  const rest = pipeline.stages.filter((_, k) => k !== from);
  const stages = [...rest.slice(0, target), stage, ...rest.slice(target)];
  return {
    label: `Move stage ${stage.name}`,
    patches: from === target ? [] : [{ op: 'remove', path: stagePath(index, from) }, { op: 'insert', path: stagePath(index, target), value: stage }, ...optionPatches(app, pipeline, stages)],
  };
}

/** Deletes the stage, its place in other stages' transitions and its robots' process. */
export function removeStage(app: App, pipelineName: string, s: number): DraftChange {
  const { index, pipeline } = findPipeline(app, pipelineName);
  const stage = stageAt(pipeline, s);
  if (pipeline.stages.length === 1) throw new PipelineEditError('LAST_STAGE', 'A pipeline keeps at least one stage.');
  const patches: DraftPatch[] = [];
  pipeline.stages.forEach((other, k) => {
    if (k !== s && other.transitions?.includes(stage.name)) {
      patches.push({ op: 'set', path: [...stagePath(index, k), 'transitions'], value: other.transitions.filter((t) => t !== stage.name) });
    }
  });
  const robots = (app.processes ?? []).findIndex((p) => p.name === robotsProcessName(pipeline.name, stage.name));
  if (robots >= 0) patches.push({ op: 'remove', path: ['processes', robots] });
  patches.push({ op: 'remove', path: stagePath(index, s) }, ...optionPatches(app, pipeline, pipeline.stages.filter((_, k) => k !== s)));
  return { label: `Remove stage ${stage.name}`, patches };
}

export interface StageSettings {
  label?: LocalizedText;
  /** null removes the probability. */
  probability?: number | null;
  kind?: StageKind;
  color?: string;
  /** Fields that must be filled to enter the stage; empty removes the rule. */
  requiredFields?: string[];
  /** Stages a record may move to from this one; null allows any stage. */
  transitions?: string[] | null;
}

/** Changes the stage's settings; the option mirroring it follows its label and colour. */
export function updateStage(app: App, pipelineName: string, s: number, settings: StageSettings): DraftChange {
  const { index, pipeline } = findPipeline(app, pipelineName);
  const stage = stageAt(pipeline, s);
  const at = stagePath(index, s);
  const patches: DraftPatch[] = [];
  if (settings.label !== undefined) patches.push({ op: 'set', path: [...at, 'label'], value: settings.label });
  if (settings.probability !== undefined) patches.push({ op: 'set', path: [...at, 'probability'], value: settings.probability ?? undefined });
  if (settings.kind !== undefined) patches.push({ op: 'set', path: [...at, 'kind'], value: settings.kind });
  if (settings.color !== undefined) patches.push({ op: 'set', path: [...at, 'color'], value: settings.color });
  if (settings.requiredFields !== undefined) {
    patches.push({ op: 'set', path: [...at, 'requiredFields'], value: settings.requiredFields.length > 0 ? [...settings.requiredFields] : undefined });
  }
  if (settings.transitions !== undefined) {
    const allowed = settings.transitions?.filter((t) => t !== stage.name);
    patches.push({ op: 'set', path: [...at, 'transitions'], value: allowed === undefined ? undefined : allowed });
  }
  if (settings.label !== undefined || settings.color !== undefined) {
    const updated = { ...stage, ...(settings.label ? { label: settings.label } : {}), ...(settings.color ? { color: settings.color } : {}) };
    patches.push(...optionPatches(app, pipeline, pipeline.stages.map((other, k) => (k === s ? updated : other))));
  }
  return { label: `Change stage ${stage.name}`, patches };
}
