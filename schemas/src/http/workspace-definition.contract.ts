import type { App, FieldAccess, LocalizedText, StartInput } from '../../generated/definition.types.js';

/*
 * GET /api/records (runtime/src/records/workspace-definition.mapping.ts): the part of the live
 * definition a person works with in the workspace, cut to what they may see. The workspace renders
 * its navigation, forms, lists and boards from it; builders read the whole definition instead.
 */

/** What the caller may do with an entity's records and each visible field's access. */
export interface EntityAccessSummary {
  operations: { create: boolean; read: boolean; update: boolean; delete: boolean };
  changeOwner: boolean;
  /** Visible fields only: a field hidden from the caller is absent. */
  fields: Record<string, FieldAccess>;
}

/**
 * A process as the workspace may know it: history and run lists name processes; a robot of a
 * readable pipeline (an enabled process started by entering a stage) says which stage starts it.
 * Its conditions and steps stay private.
 */
export interface WorkspaceProcess {
  name: string;
  label?: LocalizedText;
  /** The entity whose records start it; null for a process that starts otherwise. */
  entity: string | null;
  entersStage?: { pipeline: string; stage: string };
  /** A manual process the caller may start by hand (POST /api/processes/:name/start): "Run a process" offers it. */
  startable: boolean;
  /** What the start asks the person starting it (trigger.inputs), for a startable process whose form has questions. */
  inputs?: StartInput[];
}

export interface WorkspaceDefinition {
  /**
   * The entities the caller may read (visible fields only), their pipelines and forms, the views
   * and dashboards meant for the caller's roles (columns and widgets cut to visible fields). No
   * roles, processes or settings beyond the app's name, label and settings.
   */
  definition: App;
  access: Record<string, EntityAccessSummary>;
  processes: WorkspaceProcess[];
}
