import { triggerRecordEntity, type App, type Field, type LocalizedText, type Process } from '@crm/schemas';
import type { SchemaWidget } from './schema-form.mapping.js';

/*
 * The choices of a member that names something of the app: an entity, a role, a process, a
 * pipeline and its stage, a relation, any field, or a date / person field of the record. The entity whose
 * fields are offered is the form's own `entity` member when it has one (a trigger, a target), else
 * the entity of the process's record.
 */

export interface NameOption {
  value: string;
  label: LocalizedText;
}

export interface OptionsContext {
  app: App;
  process?: Process;
  /** The object the member belongs to (its siblings: entity, pipeline). */
  siblings: unknown;
}

function sibling(siblings: unknown, key: string): string | undefined {
  if (typeof siblings !== 'object' || siblings === null || Array.isArray(siblings)) return undefined;
  const value: unknown = Reflect.get(siblings, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function named(name: string, label: LocalizedText | undefined): NameOption {
  return { value: name, label: label ?? { ru: name, en: name } };
}

/** The entity whose fields a member offers. */
export function entityInContext(ctx: OptionsContext): string | undefined {
  return sibling(ctx.siblings, 'entity') ?? (ctx.process ? triggerRecordEntity(ctx.process.trigger) : undefined);
}

function fieldsOf(ctx: OptionsContext, keep: (field: Field) => boolean): NameOption[] {
  const entity = entityInContext(ctx);
  const definition = ctx.app.entities.find((e) => e.name === entity);
  return (definition?.fields ?? []).filter(keep).map((f) => named(f.name, f.label));
}

/** The options of a naming widget; undefined for widgets that name nothing. */
export function nameOptions(widget: SchemaWidget, ctx: OptionsContext): NameOption[] | undefined {
  const { app } = ctx;
  switch (widget) {
    case 'entity':
      return app.entities.map((e) => named(e.name, e.label));
    case 'role':
    case 'roles':
      return (app.roles ?? []).map((r) => named(r.name, r.label));
    case 'process':
      return (app.processes ?? []).filter((p) => p.name !== ctx.process?.name).map((p) => named(p.name, p.label));
    case 'pipeline': {
      const entity = entityInContext(ctx);
      return (app.pipelines ?? []).filter((p) => entity === undefined || p.entity === entity).map((p) => named(p.name, p.label));
    }
    case 'stage': {
      const pipeline = (app.pipelines ?? []).find((p) => p.name === sibling(ctx.siblings, 'pipeline'));
      return (pipeline?.stages ?? []).map((s) => named(s.name, s.label));
    }
    case 'relation':
      return fieldsOf(ctx, (f) => f.type === 'relation' && (f.cardinality ?? 'many-to-one') !== 'many-to-one');
    case 'field':
      return fieldsOf(ctx, () => true);
    case 'date-field':
      return fieldsOf(ctx, (f) => f.type === 'date' || f.type === 'datetime');
    case 'user-field':
      return [named('owner', { ru: 'Владелец', en: 'Owner' }), ...fieldsOf(ctx, (f) => f.type === 'user')];
    default:
      return undefined;
  }
}
