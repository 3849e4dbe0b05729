import { startInputsOf, type App, type EntityAccessSummary, type Process, type WorkspaceDefinition, type WorkspaceProcess } from '@crm/schemas';
import { ACCESS_OPERATIONS, type AccessPolicy } from '../access/index.js';
import { visibleDashboards } from '../reports/workspace-dashboards.policy.js';
import { visibleViews } from './workspace-views.policy.js';

/*
 * GET /api/records (pure): the part of the live definition a person works with in the workspace,
 * cut to what they may see: the entities they may read with only their visible fields, those
 * entities' pipelines and forms, the views and dashboards meant for their roles
 * (workspace-views.policy.ts, reports/workspace-dashboards.policy.ts), and per entity what they may
 * do and each visible field's access. Builders read the whole definition from /api/definitions;
 * this is what everyone else renders forms, lists and boards from.
 */

function accessSummary(policy: AccessPolicy, entity: string): EntityAccessSummary {
  const rights = policy.entity(entity);
  const operations = { create: false, read: false, update: false, delete: false };
  for (const op of ACCESS_OPERATIONS) operations[op] = rights.can(op);
  return {
    operations,
    changeOwner: rights.canChangeOwner(),
    fields: Object.fromEntries(rights.visibleFields().map((field) => [field, rights.fieldAccess(field)])),
  };
}

/*
 * Names, labels and the entity a process starts on: history and run lists name processes. The
 * robots of a readable pipeline (enabled processes started by entering a stage) say which stage
 * starts them, so the kanban names them before a move; a manual process the caller may start is
 * marked so, for "Run a process" on a record, with the questions its start form asks; their
 * conditions and steps stay private.
 */
function workspaceProcesses(app: App, readable: (entity: string) => boolean, mayStart: StartCheck): WorkspaceProcess[] {
  return (app.processes ?? []).map((p) => {
    const startable = mayStart(p, readable);
    const inputs = startable ? startInputsOf(p.trigger) : [];
    return {
      name: p.name,
      ...(p.label ? { label: p.label } : {}),
      entity: 'entity' in p.trigger && typeof p.trigger.entity === 'string' ? p.trigger.entity : null,
      startable,
      ...(inputs.length > 0 ? { inputs: [...inputs] } : {}),
      ...(p.trigger.type === 'stage' && p.enabled !== false && readable(p.trigger.entity)
        ? { entersStage: { pipeline: p.trigger.pipeline, stage: p.trigger.stage } }
        : {}),
    };
  });
}

/** Whether the caller may start a process by hand here (manual-start.policy.ts, with their roles bound). */
export type StartCheck = (process: Process, readable: (entity: string) => boolean) => boolean;

export function workspaceDefinition(app: App, policy: AccessPolicy, mayStart: StartCheck): WorkspaceDefinition {
  const access: Record<string, EntityAccessSummary> = {};
  const entities = app.entities.flatMap((entity) => {
    if (!policy.entity(entity.name).can('read')) return [];
    const summary = accessSummary(policy, entity.name);
    access[entity.name] = summary;
    const visible = (field: string): boolean => summary.fields[field] !== undefined;
    return [{ ...entity, fields: entity.fields.filter((f) => visible(f.name)), search: entity.search?.filter(visible) }];
  });
  const readable = (entity: string): boolean => access[entity] !== undefined;
  const definition: App = {
    name: app.name,
    ...(app.label ? { label: app.label } : {}),
    ...(app.settings ? { settings: app.settings } : {}),
    entities,
    pipelines: (app.pipelines ?? []).filter((p) => readable(p.entity)),
    forms: (app.forms ?? []).filter((f) => readable(f.entity)),
    views: visibleViews(app, policy),
    dashboards: visibleDashboards(app, policy),
  };
  return { definition, access, processes: workspaceProcesses(app, readable, mayStart) };
}
