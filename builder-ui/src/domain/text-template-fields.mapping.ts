import type { Entity, Field, LocalizedText } from '@crm/schemas';

/*
 * What a template author can insert, read from the live definition: the record's own fields, the
 * fields of the records it points at (one level: {{ record.company.name }}), its people by name, a
 * loop over each one-to-many list of children ({% for line in record.lines %}), and the person, the date and the
 * filters the runtime's renderer knows (money, date, datetime, number, words_ru, words_en). Each insert is
 * the exact Liquid text the editor puts at the cursor; a field's filter follows its type, so an
 * amount is inserted as `| money` and a date as `| date` without the author knowing the names.
 */

export type InsertGroupKind = 'record' | 'related' | 'children' | 'document' | 'context' | 'filters';

export interface TemplateInsert {
  /** What the list shows (the field's label). */
  label: LocalizedText;
  /** The Liquid text put at the cursor. */
  insert: string;
}

export interface TemplateInsertGroup {
  kind: InsertGroupKind;
  /** The group's heading: the entity or relation it comes from (absent: a fixed group, named by the UI). */
  label?: LocalizedText;
  /** A stable key for lists and tests: `record`, `related.company`, `children.lines`, `document`, `context`, `filters`. */
  key: string;
  items: TemplateInsert[];
}

interface EntitiesLike {
  entities: readonly Entity[];
}

const MONEY_LIKE = new Set(['money']);
const NUMBER_LIKE = new Set(['integer', 'number', 'percent']);

/** The filter a field's value reads best with in a document (none for text). */
export function filterFor(field: Field): string | undefined {
  if (MONEY_LIKE.has(field.type)) return 'money';
  if (NUMBER_LIKE.has(field.type)) return 'number';
  if (field.type === 'date') return 'date';
  if (field.type === 'datetime') return 'datetime';
  if (field.type === 'formula') {
    if (field.resultType === 'number') return 'number';
    if (field.resultType === 'date') return 'date';
  }
  return undefined;
}

function output(path: string, filter: string | undefined): string {
  return filter ? `{{ ${path} | ${filter} }}` : `{{ ${path} }}`;
}

const labelOf = (field: Field): LocalizedText => field.label ?? { ru: field.name, en: field.name };

/** A scalar field (not a relation, not a file) as an insert under `prefix`; the record's people are loaded, so they read by name. */
function scalarInserts(entity: Entity, prefix: string): TemplateInsert[] {
  return entity.fields
    .filter((f) => f.type !== 'relation' && f.type !== 'file')
    .map((f) => ({ label: labelOf(f), insert: output(f.type === 'user' && prefix === 'record' ? `${prefix}.${f.name}.name` : `${prefix}.${f.name}`, filterFor(f)) }));
}

const OWNER_LABEL: LocalizedText = { ru: 'Ответственный', en: 'Owner' };

function isManyToOne(field: Field): boolean {
  return field.type === 'relation' && (field.cardinality ?? 'many-to-one') === 'many-to-one';
}

function isOneToMany(field: Field): boolean {
  return field.type === 'relation' && field.cardinality === 'one-to-many';
}

/** The loop variable for a list of children: `lines` → `line`, `items` → `item`, otherwise `row`. */
export function loopVariable(listName: string): string {
  if (/[^s]s$/.test(listName) && listName.length > 2) return listName.slice(0, -1);
  return 'row';
}

/** How a record another one points at is named in text: its display field, else its first text field, else its id. */
function displayOf(entity: Entity | undefined): string {
  return entity?.display ?? entity?.fields.find((f) => f.type === 'text')?.name ?? 'id';
}

/**
 * The loop over a one-to-many list: one table row per child, a cell per field; a child's own
 * many-to-one relations (a line's product) by their display field, since the runtime loads them
 * with the children. The pointer back to the record is left out: it is the record itself.
 */
export function loopSnippet(listName: string, child: Entity, entities: readonly Entity[] = [], parent?: string): string {
  const item = loopVariable(listName);
  const cells = child.fields.flatMap((f) => {
    if (f.type === 'file') return [];
    if (f.type === 'relation') {
      if (!isManyToOne(f) || f.target === parent) return [];
      return [`<td>{{ ${item}.${f.name}.${displayOf(entities.find((e) => e.name === f.target))} }}</td>`];
    }
    return [`<td>${output(`${item}.${f.name}`, filterFor(f))}</td>`];
  });
  return `{% for ${item} in record.${listName} %}\n<tr>${cells.join('')}</tr>\n{% endfor %}`;
}

const FIXED_CONTEXT: TemplateInsert[] = [
  { label: { ru: 'Имя пользователя', en: 'User name' }, insert: '{{ user.name }}' },
  { label: { ru: 'Почта пользователя', en: 'User email' }, insert: '{{ user.email }}' },
  { label: { ru: 'Сегодня', en: 'Today' }, insert: '{{ now | date }}' },
];

function filterInserts(entity: Entity): TemplateInsert[] {
  const amount = entity.fields.find((f) => MONEY_LIKE.has(f.type))?.name ?? 'amount';
  return [
    { label: { ru: 'Сумма: 1 234 567,00 ₽', en: 'Money: 1,234,567.00 ₽' }, insert: `{{ record.${amount} | money }}` },
    { label: { ru: 'Сумма прописью', en: 'Amount in Russian words' }, insert: `{{ record.${amount} | words_ru }}` },
    { label: { ru: 'Сумма прописью по-английски', en: 'Amount in English words' }, insert: `{{ record.${amount} | words_en }}` },
    { label: { ru: 'Дата', en: 'Date' }, insert: '{{ now | date }}' },
    { label: { ru: 'Дата и время', en: 'Date and time' }, insert: '{{ now | datetime }}' },
    { label: { ru: 'Число', en: 'Number' }, insert: '{{ 1234.5 | number }}' },
  ];
}

/** What a numbered document prints where its number goes (the number is taken when the document is made). */
const DOCUMENT_NUMBER: TemplateInsert = { label: { ru: 'Номер документа', en: 'Document number' }, insert: '{{ document.number }}' };

/**
 * The groups of inserts for templates of `entityName`; empty when the entity is not in the
 * definition. A numbered document template (`numbered`) also offers its number, first: without numbering
 * `document.number` prints nothing, so it is not offered there (nor to e-mail templates).
 */
export function templateInserts(definition: EntitiesLike, entityName: string, options: { numbered?: boolean } = {}): TemplateInsertGroup[] {
  const entity = definition.entities.find((e) => e.name === entityName);
  if (!entity) return [];
  const byName = (name: string) => definition.entities.find((e) => e.name === name);
  const own = [...scalarInserts(entity, 'record'), { label: OWNER_LABEL, insert: '{{ record.owner.name }}' }];
  const groups: TemplateInsertGroup[] = [{ kind: 'record', key: 'record', label: entity.label, items: own }];
  for (const field of entity.fields) {
    const target = field.type === 'relation' ? byName(field.target) : undefined;
    if (!target) continue;
    if (isManyToOne(field)) {
      groups.push({ kind: 'related', key: `related.${field.name}`, label: labelOf(field), items: scalarInserts(target, `record.${field.name}`) });
    } else if (isOneToMany(field)) {
      groups.push({ kind: 'children', key: `children.${field.name}`, label: labelOf(field), items: [{ label: labelOf(field), insert: loopSnippet(field.name, target, definition.entities, entity.name) }] });
    }
  }
  // First: a document's number heads it ("Invoice No. …"), and below a long list of fields it went unseen.
  if (options.numbered) groups.unshift({ kind: 'document', key: 'document', items: [DOCUMENT_NUMBER] });
  groups.push({ kind: 'context', key: 'context', items: FIXED_CONTEXT }, { kind: 'filters', key: 'filters', items: filterInserts(entity) });
  return groups;
}
