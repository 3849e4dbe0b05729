import type { ApiErrorDetail, UiLocale } from '@crm/schemas';
import type { KanbanBoard, KanbanStage } from './kanban-board.mapping.js';
import { detailMessage } from './api-error.mapping.js';

/*
 * Whether a card may move from one stage to another, decided before asking the server when the
 * definition tells (transitions, required fields), and the server's answer turned into what the
 * board does next: a refusal with its reason, or a dialog asking for the fields the stage needs.
 */

export type MoveVerdict =
  | { kind: 'same' }
  | { kind: 'not-allowed'; from: KanbanStage; to: KanbanStage }
  | { kind: 'needs-fields'; to: KanbanStage; fields: string[] }
  | { kind: 'go'; to: KanbanStage };

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The fields the target stage requires that the record leaves empty. */
export function missingFields(stage: KanbanStage, record: Readonly<Record<string, unknown>>): string[] {
  return stage.requiredFields.filter((field) => isEmpty(record[field]));
}

export function moveVerdict(board: KanbanBoard, record: Readonly<Record<string, unknown>>, toStage: string): MoveVerdict {
  const to = board.stages.find((s) => s.name === toStage);
  const fromName = record[board.stageField];
  if (!to || fromName === toStage) return { kind: 'same' };
  const from = board.stages.find((s) => s.name === fromName);
  if (from?.transitions && !from.transitions.includes(toStage)) return { kind: 'not-allowed', from, to };
  const fields = missingFields(to, record);
  if (fields.length > 0) return { kind: 'needs-fields', to, fields };
  return { kind: 'go', to };
}

/** The stages a card may be moved to from its own (the "Move to…" menu): every other stage when transitions are unknown. */
export function moveTargets(board: KanbanBoard, fromStage: unknown): KanbanStage[] {
  const from = board.stages.find((s) => s.name === fromStage);
  return board.stages.filter((s) => s.name !== fromStage && (!from?.transitions || from.transitions.includes(s.name)));
}

export type MoveRefusal =
  /** The stage needs these fields: ask for them, then try again. */
  | { kind: 'needs-fields'; fields: string[] }
  /** Refused for a reason the person can read (transition, permission, conflict, validation). */
  | { kind: 'refused'; message: string };

/** What the server's refusal of a stage change means for the board. */
export function refusalOf(error: { status: number; code: string; message: string; details: readonly ApiErrorDetail[] }, locale: UiLocale, stageField: string): MoveRefusal {
  const required = error.details.filter((d) => d.code === 'REQUIRED_FOR_STAGE' && typeof d.field === 'string');
  if (required.length > 0 && required.length === error.details.length) {
    return { kind: 'needs-fields', fields: required.flatMap((d) => (typeof d.field === 'string' ? [d.field] : [])) };
  }
  const onStage = error.details.find((d) => d.field === stageField) ?? error.details[0];
  const message = (onStage ? detailMessage(onStage, locale) : undefined) ?? error.message;
  return { kind: 'refused', message };
}
