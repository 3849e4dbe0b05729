import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { App, LocalizedText, UiLocale, WorkspaceProcess } from '@crm/schemas';
import { fetchBoardDefinition, fetchFunnel, fetchStageCards, patchRecordValues, type BoardRecord, type FunnelReportBody } from '../api/kanban.api.js';
import { isApiError } from '../api/http.client.js';
import { boardFromApp, boardFromFunnel, firstReadablePipeline, type KanbanBoard } from '../domain/kanban-board.mapping.js';
import { moveVerdict, refusalOf } from '../domain/kanban-move.rules.js';

/*
 * The kanban board of one pipeline: its columns with a page of cards each (more on demand), the
 * totals of every column over all the records the viewer may read (the funnel report), and card
 * moves. A move is checked against the stage rules first, shown at once, sent as a PATCH and, when
 * the server refuses, undone with the reason on the card; a stage that needs fields puts the move
 * on hold (`pendingMove`) until a dialog supplies them.
 */

export interface KanbanColumn {
  cards: BoardRecord[];
  nextCursor: string | null;
  loading: boolean;
  /** Over every record the viewer may read in the stage (not only the loaded cards). */
  count: number;
  amount: number | null;
}

export type CardProblem = { kind: 'transition'; from: LocalizedText; to: LocalizedText } | { kind: 'server'; message: string };

export interface PendingMove {
  cardId: string;
  toStage: string;
  fields: string[];
}

export type MoveOutcome = 'moved' | 'needs-fields' | 'refused' | 'unchanged';

function withoutKey<T>(map: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(map).filter(([k]) => k !== key));
}

function emptyColumn(): KanbanColumn {
  return { cards: [], nextCursor: null, loading: false, count: 0, amount: null };
}

export const useWorkspaceKanbanStore = defineStore('workspace-kanban', () => {
  const board = ref<KanbanBoard | null>(null);
  /** The live definition when the viewer may read it (field widgets label values with it). */
  const definition = ref<App | null>(null);
  /** The viewer's processes (fetchBoardDefinition): the card's "Run a process" offers the startable ones. */
  const processes = ref<WorkspaceProcess[]>([]);
  const columns = ref<Record<string, KanbanColumn>>({});
  const problems = ref<Record<string, CardProblem>>({});
  const pendingMove = ref<PendingMove | null>(null);
  /** The robots that started with the last move (shown once, after the drop). */
  const lastMove = ref<{ cardId: string; toStage: string; robots: Array<{ name: string; label: LocalizedText }> } | null>(null);
  const loading = ref(false);
  const loadError = ref<unknown>(null);
  /** Bumped on every move attempt: columns re-read their cards even when a refused move left them as they were. */
  const revision = ref(0);

  function applyTotals(funnel: FunnelReportBody): void {
    for (const stage of funnel.stages) {
      const column = columns.value[stage.name];
      if (column) {
        column.count = stage.count;
        column.amount = stage.amount;
      }
    }
  }

  async function loadTotals(): Promise<void> {
    if (!board.value) return;
    applyTotals(await fetchFunnel(board.value.entity, board.value.pipeline));
  }

  async function loadMore(stage: string): Promise<void> {
    const current = board.value;
    const column = columns.value[stage];
    if (!current || !column || column.loading) return;
    column.loading = true;
    try {
      const page = await fetchStageCards(current.entity, current.stageField, stage, column.nextCursor);
      const known = new Set(column.cards.map((c) => c.id));
      // A new array, so the column re-reads its cards (it copies them for the drag list).
      column.cards = [...column.cards, ...page.data.filter((c) => !known.has(c.id))];
      column.nextCursor = page.nextCursor;
    } finally {
      column.loading = false;
    }
  }

  /**
   * The funnel of the pipeline found among the readable entities (for a viewer who may not read the
   * definition, the funnel report is the only place that names an entity's pipelines).
   */
  async function funnelAmong(entities: readonly string[], pipeline: string | null): Promise<FunnelReportBody | null> {
    for (const entity of entities) {
      try {
        return await fetchFunnel(entity, pipeline);
      } catch (error: unknown) {
        if (!isApiError(error) || error.status !== 400) throw error;
      }
    }
    return null;
  }

  /** The first pipeline the viewer may open, or null when there is none. */
  async function findFirstPipeline(readableEntities: readonly string[]): Promise<string | null> {
    const source = await fetchBoardDefinition();
    if (source) return firstReadablePipeline(source.app, readableEntities);
    return (await funnelAmong(readableEntities, null))?.pipeline.name ?? null;
  }

  /** The board of `pipeline`; `readableEntities` are searched for it when the definition is not readable. */
  async function loadBoard(pipeline: string, readableEntities: readonly string[]): Promise<void> {
    loading.value = true;
    loadError.value = null;
    problems.value = {};
    pendingMove.value = null;
    lastMove.value = null;
    try {
      const source = await fetchBoardDefinition();
      definition.value = source?.app ?? null;
      processes.value = source?.processes ?? [];
      const funnel = source ? null : await funnelAmong(readableEntities, pipeline);
      const next = source ? boardFromApp(source.app, pipeline, source.robots) : funnel ? boardFromFunnel(funnel, null) : null;
      board.value = next;
      columns.value = Object.fromEntries((next?.stages ?? []).map((s) => [s.name, emptyColumn()]));
      if (!next) return;
      if (funnel) applyTotals(funnel);
      await Promise.all([funnel ? Promise.resolve() : loadTotals(), ...next.stages.map((s) => loadMore(s.name))]);
    } catch (error: unknown) {
      loadError.value = error;
    } finally {
      loading.value = false;
    }
  }

  function locate(cardId: string): { stage: string; index: number; card: BoardRecord } | null {
    for (const [stage, column] of Object.entries(columns.value)) {
      const index = column.cards.findIndex((c) => c.id === cardId);
      const card = column.cards[index];
      if (card) return { stage, index, card };
    }
    return null;
  }

  function shift(stage: string, card: BoardRecord, sign: 1 | -1): void {
    const column = columns.value[stage];
    const field = board.value?.amountField;
    if (!column) return;
    column.count += sign;
    const amount = field ? card[field] : null;
    if (column.amount !== null && typeof amount === 'number') column.amount += sign * amount;
  }

  function applyCard(fromStage: string, toStage: string, card: BoardRecord): void {
    const source = columns.value[fromStage];
    const target = columns.value[toStage];
    if (!source || !target) return;
    source.cards = source.cards.filter((c) => c.id !== card.id);
    target.cards = [card, ...target.cards.filter((c) => c.id !== card.id)];
    shift(fromStage, card, -1);
    shift(toStage, card, 1);
  }

  function restoreCard(fromStage: string, toStage: string, card: BoardRecord, index: number): void {
    const source = columns.value[fromStage];
    const target = columns.value[toStage];
    if (!source || !target) return;
    target.cards = target.cards.filter((c) => c.id !== card.id);
    source.cards = [...source.cards.slice(0, index), card, ...source.cards.slice(index)];
    shift(toStage, card, -1);
    shift(fromStage, card, 1);
  }

  /** Moves the card to `toStage`, with `values` the person gave for the fields the stage needs. */
  async function applyMove(cardId: string, toStage: string, locale: UiLocale, values: Record<string, unknown> = {}): Promise<MoveOutcome> {
    revision.value += 1;
    const current = board.value;
    const found = locate(cardId);
    if (!current || !found) return 'unchanged';
    const { stage: fromStage, index, card } = found;
    const verdict = moveVerdict(current, { ...card, ...values }, toStage);
    if (verdict.kind === 'same') return 'unchanged';
    problems.value = withoutKey(problems.value, cardId);
    if (verdict.kind === 'not-allowed') {
      problems.value = { ...problems.value, [cardId]: { kind: 'transition', from: verdict.from.label, to: verdict.to.label } };
      return 'refused';
    }
    if (verdict.kind === 'needs-fields') {
      pendingMove.value = { cardId, toStage, fields: verdict.fields };
      return 'needs-fields';
    }
    pendingMove.value = null;
    const moved: BoardRecord = { ...card, ...values, [current.stageField]: toStage };
    applyCard(fromStage, toStage, moved);
    try {
      const saved = await patchRecordValues(current.entity, cardId, { ...values, [current.stageField]: toStage }, card.version);
      const target = columns.value[toStage];
      if (target) target.cards = target.cards.map((c) => (c.id === cardId ? saved : c));
      lastMove.value = { cardId, toStage, robots: verdict.to.robots };
      void loadTotals().catch(() => undefined);
      return 'moved';
    } catch (error: unknown) {
      restoreCard(fromStage, toStage, moved, index);
      revision.value += 1;
      if (!isApiError(error)) throw error;
      const refusal = refusalOf(error, locale, current.stageField);
      if (refusal.kind === 'needs-fields') {
        pendingMove.value = { cardId, toStage, fields: refusal.fields };
        return 'needs-fields';
      }
      problems.value = { ...problems.value, [cardId]: { kind: 'server', message: refusal.message } };
      return 'refused';
    }
  }

  function applyCancelPendingMove(): void {
    pendingMove.value = null;
    revision.value += 1;
  }

  function applyDismissProblem(cardId: string): void {
    problems.value = withoutKey(problems.value, cardId);
  }

  return { board, definition, processes, columns, problems, pendingMove, lastMove, loading, loadError, revision, findFirstPipeline, loadBoard, loadMore, loadTotals, applyMove, applyCancelPendingMove, applyDismissProblem };
});
