import type { App, Entity, Field } from '@crm/schemas';
import type { PlanStep, StepText } from './plan-step.types.js';

/*
 * The building blocks the differ shares between its entity and field halves: the plan being built
 * (steps with the phase they run in), the phases, stable keys and step ids, and the archives that
 * can bring data back.
 */

/** An archive that can be restored: its data comes back when the same stable id is published again. */
export type ArchiveRef =
  | { id: number; kind: 'entity'; version: number; entity: string; tableName: string; definition: Entity }
  | { id: number; kind: 'field' | 'link'; version: number; entity: string; tableName: string; definition: Field };

/** A change that cannot be made without losing data; publishing refuses the whole plan. */
export interface Refusal {
  code: string;
  entity: string;
  field?: string;
  message: StepText;
}

export interface SchemaDiff {
  steps: PlanStep[];
  refusals: Refusal[];
}

export type Phase = 'dropDerived' | 'drop' | 'dropEntity' | 'renameEntity' | 'renameField' | 'change' | 'create' | 'restoreEntity' | 'add' | 'addChange' | 'final';
export type PhaseOrder = Readonly<Record<Phase, number>>;

export const LIVE_ORDER: PhaseOrder = {
  dropDerived: 0,
  drop: 10,
  // After the fields that reference the entity are gone.
  dropEntity: 15,
  renameEntity: 20,
  renameField: 25,
  change: 30,
  create: 40,
  restoreEntity: 50,
  add: 60,
  addChange: 70,
  final: 80,
};
export const RESTORED_ORDER: PhaseOrder = { ...LIVE_ORDER, dropDerived: 51, drop: 52, renameField: 53, change: 54 };

export interface Plan {
  add(order: number, step: PlanStep): void;
  refuse(refusal: Refusal): void;
  result(): SchemaDiff;
}

export function createPlan(): Plan {
  const entries: Array<{ order: number; seq: number; step: PlanStep }> = [];
  const refusals: Refusal[] = [];
  return {
    add: (order, step) => entries.push({ order, seq: entries.length, step }),
    refuse: (refusal) => refusals.push(refusal),
    result: () => ({
      steps: [...entries].sort((a, b) => a.order - b.order || a.seq - b.seq).map((e) => e.step),
      refusals,
    }),
  };
}

export interface ArchiveIndex {
  entities: Map<string, Extract<ArchiveRef, { kind: 'entity' }>>;
  fields: Map<string, Extract<ArchiveRef, { kind: 'field' | 'link' }>>;
  links: Array<Extract<ArchiveRef, { kind: 'field' | 'link' }>>;
}

/** The newest archive per stable id wins (an id archived twice was restored in between). */
export function indexArchives(archives: readonly ArchiveRef[]): ArchiveIndex {
  const index: ArchiveIndex = { entities: new Map(), fields: new Map(), links: [] };
  for (const archive of [...archives].sort((a, b) => b.version - a.version || b.id - a.id)) {
    const id = archive.definition.id;
    if (archive.kind === 'entity') {
      if (id && !index.entities.has(id)) index.entities.set(id, archive);
    } else {
      if (id && !index.fields.has(id)) index.fields.set(id, archive);
      if (archive.kind === 'link') index.links.push(archive);
    }
  }
  return index;
}

export function keyOf(item: { id?: string; name: string }): string {
  return item.id ?? `name:${item.name}`;
}

export function stepId(kind: string, entity: string, field?: string): string {
  return field === undefined ? `${kind}:${entity}` : `${kind}:${entity}.${field}`;
}

export interface EntityPair {
  base: Entity;
  /** The app the base definition belongs to (for resolving relation targets and pipelines). */
  baseApp: App | null;
  draft: Entity;
  draftApp: App;
  /** The entity's name while steps of the drop phases run (the live name; the new one when restored). */
  nameBefore: string;
  order: PhaseOrder;
  archives: ArchiveIndex;
}
