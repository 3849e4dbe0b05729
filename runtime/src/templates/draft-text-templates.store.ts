import type { App, TemplateTextTemplate } from '@crm/schemas';
import type { Knex } from 'knex';
import { insertTextTemplate, parseTextTemplateInput } from '../text-templates/index.js';

/*
 * "Use this template" (structure only) puts a template's app into the draft. Its document and e-mail
 * templates cannot be created then: they name entities that only the publish will make. So they wait
 * beside the draft (runtime_settings, one key) and the next publish creates them in its transaction:
 *
 *   gallery "use" ─► draft (app) + waiting text templates ─► publish ─► text_templates (same transaction)
 *
 * Using another template replaces the waiting ones. At the publish a waiting template whose entity
 * the published app no longer has, or whose name is taken here, is left out; the rest are checked by
 * the text templates' own parser (a template that no longer fits the edited app refuses the publish,
 * naming its field).
 */

const KEY = 'draft_text_templates';

interface Waiting {
  template: string;
  items: TemplateTextTemplate[];
}

function isWaiting(value: unknown): value is Waiting {
  return typeof value === 'object' && value !== null && 'template' in value && 'items' in value && Array.isArray(value.items);
}

/** The text templates waiting for the next publish (from the template last used), or null. */
export async function readDraftTextTemplates(db: Knex): Promise<Waiting | null> {
  const row: { value: unknown } | undefined = await db('runtime_settings').where({ key: KEY }).first('value');
  return row && isWaiting(row.value) ? row.value : null;
}

/** The template's text templates now wait for the next publish, instead of any used before. */
export async function saveDraftTextTemplates(db: Knex, waiting: Waiting, userId: string): Promise<void> {
  await db('runtime_settings')
    .insert({ key: KEY, value: JSON.stringify(waiting), updated_by: userId, updated_at: db.fn.now() })
    .onConflict('key')
    .merge();
}

/** The draft was thrown away: the text templates waiting for its publish go with it; answers how many. */
export async function discardDraftTextTemplates(db: Knex): Promise<number> {
  const waiting = await readDraftTextTemplates(db);
  await db('runtime_settings').where({ key: KEY }).delete();
  return waiting?.items.length ?? 0;
}

/** Inside a publish's transaction: creates the waiting text templates that fit `app`; answers their names. */
export async function publishDraftTextTemplates(trx: Knex.Transaction, app: App, userId: string): Promise<string[]> {
  const waiting = await readDraftTextTemplates(trx);
  if (!waiting) return [];
  await trx('runtime_settings').where({ key: KEY }).delete();
  const entities = new Set(app.entities.map((e) => e.name));
  const created: string[] = [];
  for (const input of waiting.items) {
    if (!entities.has(input.entity)) continue;
    if (await insertTextTemplate(trx, parseTextTemplateInput(input, app), userId)) created.push(input.name);
  }
  return created;
}
