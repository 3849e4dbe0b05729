import type { App, LocalizedText } from '@crm/schemas';

/*
 * What still names a field or an entity the publish drops: views, forms, processes, scripts,
 * pipelines, relations and formulas in the draft. The publish dialog lists them next to the drop,
 * so the analyst sees what stops working before typing the name to confirm. Views, forms and
 * pipelines name fields exactly; processes and scripts are read for the name where a field can
 * appear (a condition's `field`, a values map's key, `record.<name>` in an expression or a script).
 */

export type ReferenceKind = 'view' | 'form' | 'process' | 'script' | 'pipeline' | 'relation' | 'formula' | 'role';

export interface DropReference {
  kind: ReferenceKind;
  /** The view, form, process, pipeline or role name, or `<entity>.<field>` for relations and formulas. */
  name: string;
  label?: LocalizedText | undefined;
  /** Where it is in the draft (JSON pointer), to open it. */
  pointer: string;
  /** The process node that names it (process and script references). */
  nodeId?: string;
}

export interface DroppedThing {
  entity: string;
  field?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a JSON value names the field: a `field` member, a key of a `values` map, or `.<name>` in text. */
function mentionsField(value: unknown, field: string, pattern: RegExp): boolean {
  if (typeof value === 'string') return value === field || pattern.test(value);
  if (Array.isArray(value)) return value.some((item) => mentionsField(item, field, pattern));
  if (!isRecord(value)) return false;
  return Object.entries(value).some(([key, member]) => {
    if ((key === 'values' || key === 'set') && isRecord(member) && field in member) return true;
    return mentionsField(member, field, pattern);
  });
}

function mentionsEntity(value: unknown, entity: string): boolean {
  if (Array.isArray(value)) return value.some((item) => mentionsEntity(item, entity));
  if (!isRecord(value)) return false;
  return Object.entries(value).some(([key, member]) => (key === 'entity' && member === entity) || mentionsEntity(member, entity));
}

function processReferences(app: App, drop: DroppedThing): DropReference[] {
  const found: DropReference[] = [];
  const fieldPattern = drop.field ? new RegExp(`(^|[^\\w])(record|\\$record|before|after|current)\\??\\.${escape(drop.field)}\\b|\\[['"]${escape(drop.field)}['"]\\]`) : null;
  (app.processes ?? []).forEach((process, p) => {
    const onEntity = mentionsEntity(process.trigger, drop.entity);
    if (!drop.field && onEntity) found.push({ kind: 'process', name: process.name, label: process.label, pointer: `/processes/${p}/trigger` });
    else if (drop.field && onEntity && fieldPattern && mentionsField(process.trigger, drop.field, fieldPattern)) {
      found.push({ kind: 'process', name: process.name, label: process.label, pointer: `/processes/${p}/trigger` });
    }
    process.nodes.forEach((node, n) => {
      const config: unknown = 'config' in node ? node.config : undefined;
      const kind: ReferenceKind = node.type === 'script' ? 'script' : 'process';
      const hit = drop.field
        ? (onEntity || mentionsEntity(config, drop.entity)) && fieldPattern !== null && mentionsField(config, drop.field, fieldPattern)
        : mentionsEntity(config, drop.entity);
      if (hit) found.push({ kind, name: process.name, label: process.label, pointer: `/processes/${p}/nodes/${n}`, nodeId: node.id });
    });
  });
  return found;
}

function fieldReferences(app: App, entity: string, field: string): DropReference[] {
  const found: DropReference[] = [];
  (app.views ?? []).forEach((view, v) => {
    if (view.entity !== entity) return;
    const named = [...(view.columns ?? []), ...(view.sort ?? []).map((s) => s.field), view.groupBy, view.dateField];
    if (named.includes(field) || mentionsField(view.filter, field, /$^/)) found.push({ kind: 'view', name: view.name, label: view.label, pointer: `/views/${v}` });
  });
  (app.forms ?? []).forEach((form, f) => {
    if (form.entity !== entity) return;
    if (form.sections.some((s) => s.fields.some((item) => item.field === field) || mentionsField(s.visibleWhen, field, /$^/))) {
      found.push({ kind: 'form', name: form.name, label: form.label, pointer: `/forms/${f}` });
    }
  });
  (app.pipelines ?? []).forEach((pipeline, p) => {
    if (pipeline.entity !== entity) return;
    const required = pipeline.stages.some((stage) => (stage.requiredFields ?? []).includes(field));
    if (pipeline.field === field || required) found.push({ kind: 'pipeline', name: pipeline.name, label: pipeline.label, pointer: `/pipelines/${p}` });
  });
  const word = new RegExp(`(^|[^\\w])${escape(field)}($|[^\\w])`);
  app.entities.forEach((other, e) => {
    if (other.name !== entity) return;
    other.fields.forEach((candidate, f) => {
      if (candidate.type === 'formula' && candidate.name !== field && word.test(candidate.expression)) {
        found.push({ kind: 'formula', name: `${other.name}.${candidate.name}`, label: candidate.label, pointer: `/entities/${e}/fields/${f}` });
      }
    });
  });
  app.entities.forEach((other, e) =>
    other.fields.forEach((candidate, f) => {
      if (candidate.type === 'relation' && candidate.target === entity && candidate.inverse === field) {
        found.push({ kind: 'relation', name: `${other.name}.${candidate.name}`, label: candidate.label, pointer: `/entities/${e}/fields/${f}` });
      }
    }),
  );
  return found;
}

function entityReferences(app: App, entity: string): DropReference[] {
  const found: DropReference[] = [];
  (app.views ?? []).forEach((view, v) => {
    if (view.entity === entity) found.push({ kind: 'view', name: view.name, label: view.label, pointer: `/views/${v}` });
  });
  (app.forms ?? []).forEach((form, f) => {
    if (form.entity === entity) found.push({ kind: 'form', name: form.name, label: form.label, pointer: `/forms/${f}` });
  });
  (app.pipelines ?? []).forEach((pipeline, p) => {
    if (pipeline.entity === entity) found.push({ kind: 'pipeline', name: pipeline.name, label: pipeline.label, pointer: `/pipelines/${p}` });
  });
  (app.roles ?? []).forEach((role, r) => {
    if (role.entities && entity in role.entities) found.push({ kind: 'role', name: role.name, label: role.label, pointer: `/roles/${r}` });
  });
  app.entities.forEach((other, e) =>
    other.fields.forEach((field, f) => {
      if (field.type === 'relation' && field.target === entity && other.name !== entity) {
        found.push({ kind: 'relation', name: `${other.name}.${field.name}`, label: field.label, pointer: `/entities/${e}/fields/${f}` });
      }
    }),
  );
  return found;
}

/** Everything in the draft that still names the dropped field or entity. */
export function dropReferences(app: App, drop: DroppedThing): DropReference[] {
  const own = drop.field ? fieldReferences(app, drop.entity, drop.field) : entityReferences(app, drop.entity);
  return [...own, ...processReferences(app, drop)];
}
