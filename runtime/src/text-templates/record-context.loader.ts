import type { App, Entity } from '@crm/schemas';
import type { Knex } from 'knex';
import { loadAccessPolicy, type AccessPolicy } from '../access/index.js';
import { UnauthorizedError } from '../errors/index.js';
import { createRecordService, requireEntityModel, type RecordCaller } from '../records/index.js';

/*
 * What a template sees of a record: the record as the CALLER may read it, through the records
 * service, so the read scope and field access apply exactly as on GET /api/records (a hidden field
 * is absent, a record outside the scope is a 404). Relations are loaded one level deep with the
 * same expand the API uses, each target with its own read scope and field access:
 *   record.company.name         many-to-one: the related record (null when unreadable)
 *   record.owner.name           people: {id, name, email}
 *   record.lines[0].product.name one-to-many: the children, each with its many-to-one relations
 *   record.tags                 many-to-many: the related records
 */

export interface TemplatePerson {
  id: string;
  name: string;
  email: string;
}

export type TemplateRecord = Record<string, unknown> & { id: string };

export interface RecordTemplateContext {
  record: TemplateRecord;
  /** The entity's name and labels, for headings ("Сделка" / "Deal"). */
  entity: { name: string; label: { ru: string; en: string } };
  /** Who the document or e-mail is made by: the caller, or null for a process acting as itself. */
  user: TemplatePerson | null;
  /** When it is rendered (ISO); `{{ now | date }}` prints today in the app's zone. */
  now: string;
  app: { name: string; label: { ru: string; en: string }; timeZone: string; currency: string; locale: 'ru' | 'en' };
  /** The document being made: `{{ document.number }}` (null when the template is not numbered). Absent for e-mail. */
  document?: { number: string | null };
}

export interface LoadContextOptions {
  app: App;
  /** The caller's policy when the request already has it (else loaded by the records service). */
  policy?: AccessPolicy;
  now?: Date;
}

function labelOf(label: { ru?: string; en?: string } | undefined, fallback: string): { ru: string; en: string } {
  return { ru: label?.ru ?? label?.en ?? fallback, en: label?.en ?? label?.ru ?? fallback };
}

function isOneToMany(entity: Entity, name: string): boolean {
  const field = entity.fields.find((f) => f.name === name);
  return field?.type === 'relation' && field.cardinality === 'one-to-many';
}

/** The expand paths for one level of relations, and the children's many-to-one relations and people. */
export function templateExpandPaths(app: App, entity: Entity, visible: (entity: string, field: string) => boolean): string[] {
  const paths: string[] = visible(entity.name, 'owner') ? ['owner'] : [];
  for (const field of entity.fields) {
    if (!visible(entity.name, field.name)) continue;
    if (field.type === 'user') paths.push(field.name);
    if (field.type !== 'relation') continue;
    paths.push(field.name);
    if (field.cardinality !== 'one-to-many') continue;
    const child = app.entities.find((e) => e.name === field.target);
    for (const childField of child?.fields ?? []) {
      const manyToOne = childField.type === 'relation' && (childField.cardinality ?? 'many-to-one') === 'many-to-one';
      // The child's pointer back is the record itself: expanding it would only repeat it.
      if (!child || childField.name === field.inverse || !(manyToOne || childField.type === 'user')) continue;
      if (visible(child.name, childField.name) && !isOneToMany(child, childField.name)) paths.push(`${field.name}.${childField.name}`);
    }
  }
  return paths;
}

export async function loadRecordContext(db: Knex, caller: RecordCaller, entity: string, id: string, options: LoadContextOptions): Promise<RecordTemplateContext> {
  const { app } = options;
  if (!caller.user && !caller.process) throw UnauthorizedError.create();
  const model = requireEntityModel(app, entity);
  // One policy for the expand plan and the read, so both see the same field access.
  const policy = options.policy ?? (await loadAccessPolicy(db, app, caller));
  const service = createRecordService({ db, app, caller, policy });
  const expand = templateExpandPaths(app, model.entity, (e, f) => policy.entity(e).isFieldVisible(f));
  const record = await service.get(entity, id, { expand });
  const settings = app.settings ?? {};
  return {
    record: { ...record, id: String(record['id']) },
    entity: { name: model.entity.name, label: labelOf(model.entity.label, model.entity.name) },
    user: caller.user ? { id: caller.user.id, name: caller.user.name, email: caller.user.email } : null,
    now: (options.now ?? new Date()).toISOString(),
    app: {
      name: app.name,
      label: labelOf(app.label, app.name),
      timeZone: settings.timezone ?? 'Europe/Moscow',
      currency: settings.currency ?? 'RUB',
      locale: settings.defaultLocale ?? 'ru',
    },
  };
}
