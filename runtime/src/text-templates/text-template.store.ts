import type { TemplateDocumentNumbering, TextTemplate, TextTemplateKind } from '@crm/schemas';
import type { Knex } from 'knex';

/* The text_templates table (text-templates.migrations.ts): one row per template, by name. */

interface TemplateRow {
  name: string;
  kind: string;
  entity: string;
  label: { ru?: string; en?: string } | string;
  subject: string | null;
  file_name: string | null;
  body: string;
  locale: string | null;
  numbering: TemplateDocumentNumbering | string | null;
  updated_at: Date | string;
}

function numberingOf(value: TemplateRow['numbering']): TemplateDocumentNumbering | null {
  if (value === null) return null;
  return typeof value === 'string' ? (JSON.parse(value) as TemplateDocumentNumbering) : value;
}

function toTemplate(row: TemplateRow): TextTemplate {
  const numbering = row.kind === 'document' ? numberingOf(row.numbering) : null;
  const label = typeof row.label === 'string' ? (JSON.parse(row.label) as { ru?: string; en?: string }) : row.label;
  const kind: TextTemplateKind = row.kind === 'email' ? 'email' : 'document';
  return {
    name: row.name,
    kind,
    entity: row.entity,
    label: { ru: label.ru ?? '', en: label.en ?? '' },
    ...(row.subject === null ? {} : { subject: row.subject }),
    ...(row.file_name === null ? {} : { fileName: row.file_name }),
    body: row.body,
    ...(row.locale === 'ru' || row.locale === 'en' ? { locale: row.locale } : {}),
    ...(numbering ? { numbering } : {}),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function toRow(template: Omit<TextTemplate, 'updatedAt'>, userId: string | null): Record<string, unknown> {
  return {
    name: template.name,
    kind: template.kind,
    entity: template.entity,
    label: JSON.stringify(template.label),
    subject: template.kind === 'email' ? (template.subject ?? '') : null,
    file_name: template.kind === 'document' ? (template.fileName ?? null) : null,
    body: template.body,
    locale: template.locale ?? null,
    numbering: template.kind === 'document' && template.numbering ? JSON.stringify(template.numbering) : null,
    updated_by: userId,
  };
}

export async function listTextTemplates(knex: Knex, filter: { entity?: string; kind?: TextTemplateKind }): Promise<TextTemplate[]> {
  const query = knex('text_templates').select<TemplateRow[]>('*').orderBy('name');
  if (filter.entity) query.where({ entity: filter.entity });
  if (filter.kind) query.where({ kind: filter.kind });
  return (await query).map(toTemplate);
}

export async function findTextTemplate(knex: Knex, name: string): Promise<TextTemplate | null> {
  const row = await knex('text_templates').where({ name }).first<TemplateRow | undefined>();
  return row ? toTemplate(row) : null;
}

/** Inserts; false when the name is taken. */
export async function insertTextTemplate(knex: Knex, template: Omit<TextTemplate, 'updatedAt'>, userId: string | null): Promise<TextTemplate | null> {
  const [row] = await knex('text_templates').insert(toRow(template, userId)).onConflict('name').ignore().returning<TemplateRow[]>('*');
  return row ? toTemplate(row) : null;
}

export async function updateTextTemplate(knex: Knex, template: Omit<TextTemplate, 'updatedAt'>, userId: string | null): Promise<TextTemplate | null> {
  const [row] = await knex('text_templates')
    .where({ name: template.name })
    .update({ ...toRow(template, userId), updated_at: knex.fn.now() })
    .returning<TemplateRow[]>('*');
  return row ? toTemplate(row) : null;
}

export async function deleteTextTemplate(knex: Knex, name: string): Promise<boolean> {
  const deleted: Array<{ name: string }> = await knex('text_templates').where({ name }).delete().returning('name');
  return deleted.length > 0;
}
