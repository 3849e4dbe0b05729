import type { App, Condition, FunnelReportBody, WorkspaceProcess } from '@crm/schemas';
import type { RobotSource } from '../domain/kanban-board.mapping.js';
import { fetchLiveDefinition } from './definitions.api.js';
import { apiRequest, isApiError } from './http.client.js';
import { fetchWorkspaceDefinition, listRecords, updateRecord, type RecordData, type RecordPage } from './records.api.js';

/*
 * What the kanban board reads and writes: the live definition (pipelines, fields, processes), the
 * per-stage totals of the funnel report (over every record the viewer may read, not only the
 * loaded cards), a page of cards per stage from the records API, and the stage change itself.
 * The funnel's shape is FunnelReportBody of @crm/schemas (the parts of the runtime's FunnelReport
 * the board reads). Records come through records.api.ts.
 */

/** A card: a record as GET /api/records/:entity lists it (the fields the viewer may read, plus the system columns). */
export type BoardRecord = RecordData;
export type { RecordPage };

/** GET /api/reports/:entity/funnel, the parts the board reads. */
export type { FunnelReportBody };

export const CARDS_PER_PAGE = 20;

/** Where the board's rules come from: the whole definition (builders), or the part the viewer may see. */
export interface BoardDefinition {
  app: App;
  /** The processes that may be robots of a stage; null when the viewer cannot know them. */
  robots: RobotSource[] | null;
  /** The processes as the viewer's index names them: "Run a process" on a card offers the startable ones. */
  processes: WorkspaceProcess[];
}

/** The viewer's own process list (who may start what is decided for them by the server), or none. */
async function processesOfViewer(): Promise<WorkspaceProcess[]> {
  try {
    return (await fetchWorkspaceDefinition()).processes;
  } catch {
    return [];
  }
}

/**
 * The live definition for builders and admins (processes included, so the board can name the
 * robots of each stage); for everyone else the part of it they may see (GET /api/records); null
 * when neither answers (the board is then drawn from the funnel report).
 */
export async function fetchBoardDefinition(): Promise<BoardDefinition | null> {
  try {
    const [app, processes] = await Promise.all([fetchLiveDefinition(), processesOfViewer()]);
    return app ? { app, robots: app.processes ?? [], processes } : null;
  } catch (error: unknown) {
    if (!isApiError(error) || error.status !== 403) throw error;
  }
  try {
    const index = await fetchWorkspaceDefinition();
    // The index names each robot's stage (not its steps): enough to say what a move starts.
    const robots = index.processes.flatMap((p): RobotSource[] =>
      p.entersStage && p.entity ? [{ name: p.name, ...(p.label ? { label: p.label } : {}), trigger: { type: 'stage', entity: p.entity, ...p.entersStage } }] : [],
    );
    return { app: index.definition, robots, processes: index.processes };
  } catch (error: unknown) {
    if (isApiError(error) && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}

export async function fetchFunnel(entity: string, pipeline: string | null): Promise<FunnelReportBody> {
  const query = new URLSearchParams(pipeline === null ? {} : { pipeline });
  return apiRequest<FunnelReportBody>('GET', `/api/reports/${encodeURIComponent(entity)}/funnel?${query.toString()}`);
}

/** One page of the records in a stage, the most recently changed first. */
export async function fetchStageCards(entity: string, stageField: string, stage: string, cursor: string | null): Promise<RecordPage> {
  const filter: Condition = { field: stageField, op: 'eq', value: stage };
  return listRecords(entity, { filter, sort: '-updated_at', limit: CARDS_PER_PAGE, ...(cursor ? { cursor } : {}) });
}

/** PATCH the record's stage (and the fields the stage needs) on the version the card was read at (412 when someone saved since). */
export async function patchRecordValues(entity: string, id: string, values: Record<string, unknown>, version: number): Promise<BoardRecord> {
  return updateRecord(entity, id, values, version);
}
