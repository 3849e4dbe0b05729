import { FIELD_TYPES, triggerRecordEntity, type App, type Entity, type Node, type Process } from '@crm/schemas';

/*
 * The config a node starts with when the analyst drops it: valid where the catalog allows it, and
 * pointed at what the process already has (the trigger's entity, its first number field, the first
 * role), so that the usual next step is to change one value rather than fill in a form.
 */

function entityOf(app: App, process: Process): Entity | undefined {
  const name = triggerRecordEntity(process.trigger);
  return name === undefined ? undefined : app.entities.find((e) => e.name === name);
}

function firstField(entity: Entity | undefined, family: 'number' | 'any'): string | undefined {
  const field = entity?.fields.find((f) => family === 'any' || FIELD_TYPES[f.type].family === 'number');
  return field?.name;
}

function firstRole(app: App): string | undefined {
  // A role people are routed to, not the builders' or the admins' one.
  return (app.roles ?? []).find((r) => r.admin !== true && r.builder !== true)?.name ?? app.roles?.[0]?.name;
}

/** The default config of a node type in this process (undefined: the type needs none). */
export function defaultNodeConfig(app: App, process: Process, type: Node['type']): Record<string, unknown> | undefined {
  const entity = entityOf(app, process);
  const numeric = firstField(entity, 'number');
  const anyField = firstField(entity, 'any') ?? 'id';
  const condition = numeric !== undefined ? { field: numeric, op: 'gt', value: 0 } : { field: anyField, op: 'isNotEmpty' };
  const role = firstRole(app);
  switch (type) {
    case 'condition':
      return { condition };
    case 'switch':
      return { cases: [{ handle: 'case_1', label: { ru: 'Вариант 1', en: 'Case 1' }, condition }] };
    case 'assign':
      return role !== undefined ? { strategy: 'role-least-loaded', role } : { strategy: 'owner-manager' };
    case 'update_record':
      return { values: {} };
    case 'create_record':
      return { entity: entity?.name ?? app.entities[0]?.name ?? '', values: {} };
    case 'create_task':
      return { title: '{{record.id}}' };
    case 'approval':
      return { approvers: role !== undefined ? [{ role }] : ['owner-manager'], mode: 'one', timeout: 'P3D' };
    case 'wait':
      return { duration: 'P1D' };
    case 'notify':
      return { to: { $ref: 'record.owner' }, message: '{{record.id}}' };
    case 'email':
      return { to: { $ref: 'record.owner' }, subject: '{{record.id}}' };
    case 'document':
      // Templates live in the runtime, not the definition: a shape-valid placeholder the picker then
      // replaces; a name that stays unknown fails the step with TEMPLATE_NOT_FOUND.
      return { template: 'document' };
    case 'http':
      return { method: 'POST', url: 'https://' };
    case 'script':
      return { source: 'return {};' };
    case 'loop':
      // Shape-valid even with no relation yet (a placeholder name the validator then names as unknown).
      return { relation: entity?.fields.find((f) => f.type === 'relation')?.name ?? 'related' };
    case 'call_process':
      return { process: (app.processes ?? []).find((p) => p.name !== process.name)?.name ?? process.name, wait: false };
    case 'join':
      return { wait: 'all' };
    case 'parallel':
    case 'end':
      return undefined;
  }
}
