import type { App, Condition, Field, LocalizedText, Process } from '@crm/schemas';
import type { FunnelReportBody } from '../api/kanban.api.js';

/*
 * The board of a pipeline as the kanban draws it: one column per stage, in pipeline order, with
 * what a move into the stage needs (transitions from the card's stage, fields to fill) and which
 * processes start when a record enters it ("robots"). Built from the live definition when the
 * viewer may read it; otherwise from the funnel report, which names the stages but not their rules
 * (the server still enforces them, and its refusals say why).
 */

export interface KanbanStage {
  name: string;
  label: LocalizedText;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  color: string | null;
  /** Stages a record in this stage may move to; null: any (or unknown). */
  transitions: string[] | null;
  requiredFields: string[];
  /** Processes that start when a record enters the stage. */
  robots: Array<{ name: string; label: LocalizedText }>;
}

export interface KanbanBoard {
  pipeline: string;
  label: LocalizedText;
  entity: string;
  stageField: string;
  /** The summed field of the column totals and the amount shown on cards. */
  amountField: string | null;
  /** The display (title) field of a card. */
  titleField: string | null;
  stages: KanbanStage[];
  /** The entity's fields (from the definition; empty when it was not readable). */
  fields: Field[];
  /** Whether the rules above come from the definition (false: from the funnel report only). */
  fromDefinition: boolean;
  /** Whether each stage's robots are known (the viewer read the whole definition, processes included). */
  robotsKnown: boolean;
}

function mentionsEnteringStage(condition: Condition | undefined, field: string, stage: string): boolean {
  if (!condition) return false;
  if ('and' in condition) return condition.and.some((c) => mentionsEnteringStage(c, field, stage));
  if ('or' in condition) return condition.or.some((c) => mentionsEnteringStage(c, field, stage));
  if ('not' in condition) return false;
  return condition.field === field && condition.op === 'changedTo' && condition.value === stage;
}

/**
 * The enabled processes that start when a record of the entity enters the stage: a stage trigger on
 * it, or a record trigger on update whose condition asks for the stage field "changed to" it.
 */
/** What naming a stage's robots needs of a process (the workspace's index gives no more). */
export type RobotSource = Pick<Process, 'name' | 'label' | 'trigger' | 'enabled'>;

export function robotsEnteringStage(processes: readonly RobotSource[], entity: string, pipeline: { name: string; field: string }, stage: string): Array<{ name: string; label: LocalizedText }> {
  return processes
    .filter((p) => p.enabled !== false)
    .filter((p) => {
      const t = p.trigger;
      if (t.type === 'stage') return t.entity === entity && t.pipeline === pipeline.name && t.stage === stage;
      if (t.type === 'record') return t.entity === entity && t.on.includes('update') && mentionsEnteringStage(t.condition, pipeline.field, stage);
      return false;
    })
    .map((p) => ({ name: p.name, label: p.label ?? { ru: p.name, en: p.name } }));
}

const AMOUNT_TYPES = new Set(['money', 'number', 'integer']);

/** The pipeline's board, or null when the app has no such pipeline. */
export function boardFromApp(app: App, pipelineName: string, robots: readonly RobotSource[] | null = app.processes ?? []): KanbanBoard | null {
  const robotsKnown = robots !== null;
  const pipeline = (app.pipelines ?? []).find((p) => p.name === pipelineName);
  if (!pipeline) return null;
  const entity = app.entities.find((e) => e.name === pipeline.entity);
  const fields = entity?.fields ?? [];
  const amount = fields.find((f) => f.name === 'amount' && AMOUNT_TYPES.has(f.type)) ?? fields.find((f) => f.type === 'money');
  const title = entity?.display ?? fields.find((f) => f.type === 'text')?.name ?? null;
  return {
    pipeline: pipeline.name,
    label: pipeline.label ?? { ru: pipeline.name, en: pipeline.name },
    entity: pipeline.entity,
    stageField: pipeline.field,
    amountField: amount?.name ?? null,
    titleField: title,
    fields,
    fromDefinition: true,
    robotsKnown,
    stages: pipeline.stages.map((s) => ({
      name: s.name,
      label: s.label ?? { ru: s.name, en: s.name },
      kind: s.kind ?? 'open',
      probability: s.probability ?? (s.kind === 'won' ? 100 : 0),
      color: s.color ?? null,
      transitions: s.transitions ?? null,
      requiredFields: s.requiredFields ?? [],
      robots: robotsEnteringStage(robots ?? [], pipeline.entity, pipeline, s.name),
    })),
  };
}

/** The board as far as the funnel report tells it (stages, no rules). */
export function boardFromFunnel(funnel: FunnelReportBody, titleField: string | null): KanbanBoard {
  return {
    pipeline: funnel.pipeline.name,
    label: funnel.pipeline.label,
    entity: funnel.entity,
    stageField: funnel.pipeline.field,
    amountField: funnel.pipeline.amountField,
    titleField,
    fields: [],
    fromDefinition: false,
    robotsKnown: false,
    stages: funnel.stages.map((s) => ({ name: s.name, label: s.label, kind: s.kind, probability: s.probability, color: null, transitions: null, requiredFields: [], robots: [] })),
  };
}

/** The first pipeline whose entity the viewer may read (the kanban's link in the top bar). */
export function firstReadablePipeline(app: App | null, readableEntities: readonly string[]): string | null {
  const readable = new Set(readableEntities);
  return (app?.pipelines ?? []).find((p) => readable.has(p.entity))?.name ?? null;
}

/** A card's title: the entity's display field, else `title` or `name`, else null (the card says "untitled"). */
export function cardTitle(board: Pick<KanbanBoard, 'titleField'>, record: Readonly<Record<string, unknown>>): string | null {
  for (const name of [board.titleField, 'title', 'name']) {
    const value = name ? record[name] : undefined;
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

/**
 * The fields a card shows under its title: the amount and the first date (a deal's close date).
 * Without the definition, the amount the funnel named, as money.
 */
export function cardFields(board: Pick<KanbanBoard, 'fields' | 'amountField'>): Field[] {
  const amount = board.fields.find((f) => f.name === board.amountField);
  const date = board.fields.find((f) => f.type === 'date');
  if (board.fields.length === 0 && board.amountField) return [{ name: board.amountField, type: 'money' }];
  return [amount, date].filter((f): f is Field => f !== undefined);
}
