import { appTimezoneOf, calendarDateIn, type Field } from '@crm/schemas';
import type { RecordEntityModel } from './record-entity.model.js';

/*
 * Values a new record gets for the fields the caller left out: the field's `default` (with the
 * dynamic "$user", "$today" and "$now"), and for a pipeline's stage field the first stage. They are
 * added before validation, so a default is normalised and checked like a typed value.
 */

export interface DefaultsContext {
  /** The id "$user" stands for; null when no person is behind the write. */
  userId: string | null;
  now: Date;
  /** IANA zone "$today" is taken in (the app's timezone setting). */
  timezone: string;
}

export function appTimezone(model: RecordEntityModel): string {
  return appTimezoneOf(model.app);
}

/** The calendar date at `now` in `timezone`, as YYYY-MM-DD. */
export const dateIn = calendarDateIn;

function resolveDefault(value: unknown, ctx: DefaultsContext): unknown {
  if (value === '$user') return ctx.userId;
  if (value === '$today') return dateIn(ctx.now, ctx.timezone);
  if (value === '$now') return ctx.now.toISOString();
  return Array.isArray(value) ? [...value] : value;
}

function defaultOf(field: Field): unknown {
  return 'default' in field ? field.default : undefined;
}

/** The input with defaults added for absent fields; input that is not an object is left for validation to refuse. */
export function withDefaults(model: RecordEntityModel, input: unknown, ctx: DefaultsContext): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...input };
  for (const field of model.entity.fields) {
    // Own keys only: a field named `constructor` is absent even though every object inherits one.
    if (Object.hasOwn(out, field.name)) continue;
    const value = defaultOf(field);
    if (value !== undefined) {
      const resolved = resolveDefault(value, ctx);
      if (resolved !== null) out[field.name] = resolved;
    }
  }
  for (const pipeline of model.pipelines) {
    const [first] = pipeline.stages;
    if (first && !Object.hasOwn(out, pipeline.field)) out[pipeline.field] = first.name;
  }
  return out;
}
