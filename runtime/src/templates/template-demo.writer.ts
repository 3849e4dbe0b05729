import { looksLikeRelativeDate, parseRelativeDate, resolveRelativeDate, type App, type TemplateBundle } from '@crm/schemas';
import type { Knex } from 'knex';
import type { Actor } from '../people/user.types.js';
import { normaliseEmail } from '../people/users.repository.js';
import { createRecordService, type BeforeSaveHook, type RecordEventSink } from '../records/index.js';

/*
 * A template's demo records, created one by one through the records service as the admin, so they
 * pass the same validation and get history. Demo values are resolved on the way in:
 *   {"$key": "d1"}           the id of the demo record created with that key (created earlier)
 *   "anna@example.com"       in owner / user fields: that demo person's id
 *   {"$today": "-P25D"}      a date relative to the install's clock (TemplateRelativeDate)
 * With the engine's seams (hooks + events, as records.routes.ts passes them) a save runs the
 * before-save processes and queues the after-save ones, exactly as a person's save over HTTP would.
 */

export interface DemoWriteDeps {
  knex: Knex;
  app: App;
  /**
   * The version `app` is: the save and write events carry it, so the engine's hook and sink need not
   * read the live definition (inside an install's transaction that read would see a version that may
   * still roll back).
   */
  version?: number;
  admin: Actor;
  /** Demo people by normalised email (installPeople). */
  userIds: ReadonlyMap<string, string>;
  /** The runtime's clock ("today" of relative dates; tests pass their test clock). */
  now: Date;
  /** The engine's record seams; absent: records are written without processes. */
  seams?: { hooks: readonly BeforeSaveHook[]; events: RecordEventSink } | undefined;
}

interface KeyRef {
  $key: string;
}

function isKeyRef(value: unknown): value is KeyRef {
  return typeof value === 'object' && value !== null && '$key' in value && typeof value.$key === 'string';
}

const DEFAULT_TIMEZONE = 'Europe/Moscow';

/** Creates every demo row in the order the template lists them; answers how many were created. */
export async function writeDemoRecords(deps: DemoWriteDeps, data: TemplateBundle['data']): Promise<number> {
  const { app, userIds, now } = deps;
  const records = createRecordService({
    db: deps.knex,
    app,
    caller: { user: deps.admin },
    ...(deps.version !== undefined ? { version: deps.version } : {}),
    ...(deps.seams ? { hooks: deps.seams.hooks, events: deps.seams.events } : {}),
    clock: () => now,
  });
  const timeZone = app.settings?.timezone ?? DEFAULT_TIMEZONE;
  const keys = new Map<string, string>();
  let count = 0;
  for (const [entity, rows] of Object.entries(data ?? {})) {
    const fields = new Map((app.entities.find((e) => e.name === entity)?.fields ?? []).map((f) => [f.name, f.type]));
    const userFields = new Set(['owner', ...[...fields].filter(([, type]) => type === 'user').map(([name]) => name)]);
    for (const row of rows) {
      const input: Record<string, unknown> = {};
      let key: string | undefined;
      for (const [field, value] of Object.entries(row)) {
        if (field === '$key') {
          key = typeof value === 'string' ? value : undefined;
        } else if (isKeyRef(value)) {
          input[field] = keys.get(value.$key) ?? null;
        } else if (looksLikeRelativeDate(value)) {
          input[field] = relativeValue(value, fields.get(field), now, timeZone);
        } else if (userFields.has(field) && typeof value === 'string' && value.includes('@')) {
          input[field] = userIds.get(normaliseEmail(value)) ?? null;
        } else {
          input[field] = value;
        }
      }
      const created = await records.create(entity, input);
      if (key) keys.set(key, created.id);
      count += 1;
    }
  }
  return count;
}

/** A relative date as its field stores it; anything else is passed on for validation to refuse with its pointer. */
function relativeValue(value: Record<string, unknown>, type: string | undefined, now: Date, timeZone: string): unknown {
  const parsed = parseRelativeDate(value);
  if (typeof parsed === 'string' || (type !== 'date' && type !== 'datetime')) return value;
  return resolveRelativeDate(parsed, now, timeZone, type);
}
