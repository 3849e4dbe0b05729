import { FIELD_TYPES, type App, type Entity, type Field, type LocalizedText } from '@crm/schemas';
import type { DraftChange, DraftPatch } from './definition-draft.apply.js';
import { nameFromLabel, uniqueName } from './field-name.rules.js';

/*
 * The entity designer's edits as DraftChanges over the app (the draft store applies them and keeps
 * their inverses for undo). Renames change `name` and `label` only: the stable `id` stays, so the
 * publish plans a rename and the data stays where it is (runtime/src/definitions/README.md). A
 * rename also follows the names that point at the renamed thing inside the entity designer's reach
 * (display, search, relation targets), so the draft stays consistent after one action.
 */

export type FieldType = Field['type'];
type Cardinality = 'many-to-one' | 'one-to-many' | 'many-to-many';

/** Colours offered for enum options (readable on white, distinct for colour-blind eyes). */
export const OPTION_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'] as const;

const fieldPath = (e: number, f: number): Array<string | number> => ['entities', e, 'fields', f];

function entityAt(app: App, e: number): Entity {
  const entity = app.entities[e];
  if (!entity) throw new RangeError(`There is no entity ${e}.`);
  return entity;
}

function fieldAt(app: App, e: number, f: number): Field {
  const field = entityAt(app, e).fields[f];
  if (!field) throw new RangeError(`There is no field ${f} in entity ${e}.`);
  return field;
}

function localized(text: string, en?: string): LocalizedText {
  return { ru: text, en: en && en.trim() !== '' ? en : text };
}

/** The options a new field of the type needs to be valid, so it can be saved at once. */
function typeDefaults(type: FieldType, app: App, entityName: string): Record<string, unknown> {
  switch (type) {
    case 'enum':
    case 'multienum':
      return { options: [{ value: 'option_1', label: { ru: 'Вариант 1', en: 'Option 1' }, color: OPTION_COLOURS[0] }] };
    case 'relation':
      return { target: app.entities.find((e) => e.name !== entityName)?.name ?? entityName, cardinality: 'many-to-one' };
    case 'formula':
      return { expression: '1', resultType: 'number' };
    case 'money':
      return { currency: 'RUB' };
    default:
      return {};
  }
}

export function newEntity(app: App, label: string, labelEn?: string, name?: string): Entity {
  const entityName = uniqueName(name ?? nameFromLabel(labelEn && /[a-z]/i.test(labelEn) ? labelEn : label, 'entity'), app.entities.map((e) => e.name));
  return {
    name: entityName,
    label: localized(label, labelEn),
    // Every record needs a title to be found and shown; the first field is it.
    fields: [{ name: 'title', label: { ru: 'Название', en: 'Title' }, type: 'text', required: true }],
    display: 'title',
    search: ['title'],
  };
}

export function addEntity(app: App, entity: Entity): DraftChange {
  return { label: `Add entity ${entity.name}`, patches: [{ op: 'insert', path: ['entities', app.entities.length], value: entity }] };
}

/** A field as the designer builds it; the draft's validators check it like any other. */
export interface NewField {
  name: string;
  type: FieldType;
  label: LocalizedText;
  [option: string]: unknown;
}

export function newField(app: App, e: number, type: FieldType, label: string, labelEn?: string): NewField {
  const entity = entityAt(app, e);
  const name = uniqueName(nameFromLabel(label, 'field'), entity.fields.map((f) => f.name));
  return { name, label: localized(label, labelEn), type, ...typeDefaults(type, app, entity.name) };
}

export function addField(app: App, e: number, field: NewField): DraftChange {
  const at = entityAt(app, e).fields.length;
  return { label: `Add field ${field.name}`, patches: [{ op: 'insert', path: [...fieldPath(e, at)], value: field }] };
}

export function renameEntity(app: App, e: number, to: { name?: string; label?: LocalizedText }): DraftChange {
  const entity = entityAt(app, e);
  const patches: DraftPatch[] = [];
  if (to.label) patches.push({ op: 'set', path: ['entities', e, 'label'], value: to.label });
  if (to.name !== undefined && to.name !== entity.name) {
    patches.push({ op: 'set', path: ['entities', e, 'name'], value: to.name });
    app.entities.forEach((other, oe) =>
      other.fields.forEach((field, of) => {
        if (field.type === 'relation' && field.target === entity.name) patches.push({ op: 'set', path: [...fieldPath(oe, of), 'target'], value: to.name });
      }),
    );
    (app.pipelines ?? []).forEach((p, pi) => {
      if (p.entity === entity.name) patches.push({ op: 'set', path: ['pipelines', pi, 'entity'], value: to.name });
    });
  }
  return { label: `Rename entity ${entity.name}`, patches };
}

export function renameField(app: App, e: number, f: number, to: { name?: string; label?: LocalizedText }): DraftChange {
  const entity = entityAt(app, e);
  const field = fieldAt(app, e, f);
  const patches: DraftPatch[] = [];
  if (to.label) patches.push({ op: 'set', path: [...fieldPath(e, f), 'label'], value: to.label });
  if (to.name !== undefined && to.name !== field.name) {
    patches.push({ op: 'set', path: [...fieldPath(e, f), 'name'], value: to.name });
    if (entity.display === field.name) patches.push({ op: 'set', path: ['entities', e, 'display'], value: to.name });
    if (entity.search?.includes(field.name)) {
      patches.push({ op: 'set', path: ['entities', e, 'search'], value: entity.search.map((s) => (s === field.name ? to.name : s)) });
    }
    (app.pipelines ?? []).forEach((p, pi) => {
      if (p.entity === entity.name && p.field === field.name) patches.push({ op: 'set', path: ['pipelines', pi, 'field'], value: to.name });
    });
  }
  return { label: `Rename field ${field.name}`, patches };
}

export function moveField(app: App, e: number, from: number, to: number): DraftChange {
  const field = fieldAt(app, e, from);
  const last = entityAt(app, e).fields.length - 1;
  const target = Math.max(0, Math.min(last, to));
  return {
    label: `Move field ${field.name}`,
    patches: from === target ? [] : [{ op: 'remove', path: fieldPath(e, from) }, { op: 'insert', path: fieldPath(e, target), value: field }],
  };
}

export function deleteField(app: App, e: number, f: number): DraftChange {
  const entity = entityAt(app, e);
  const field = fieldAt(app, e, f);
  const patches: DraftPatch[] = [];
  if (entity.display === field.name) patches.push({ op: 'set', path: ['entities', e, 'display'], value: undefined });
  if (entity.search?.includes(field.name)) {
    const rest = entity.search.filter((s) => s !== field.name);
    patches.push({ op: 'set', path: ['entities', e, 'search'], value: rest.length > 0 ? rest : undefined });
  }
  patches.push({ op: 'remove', path: fieldPath(e, f) });
  return { label: `Delete field ${field.name}`, patches };
}

export function deleteEntity(app: App, e: number): DraftChange {
  const entity = entityAt(app, e);
  return { label: `Delete entity ${entity.name}`, patches: [{ op: 'remove', path: ['entities', e] }] };
}

/** Sets (or, with undefined, removes) one property of a field: required, unique, default, maxLength… */
export function setFieldProperty(app: App, e: number, f: number, key: string, value: unknown): DraftChange {
  const field = fieldAt(app, e, f);
  return { label: `Change ${key} of ${field.name}`, patches: [{ op: 'set', path: [...fieldPath(e, f), key], value }] };
}

/**
 * Another type: the field keeps its id, name, label and description, and the settings both types
 * take (required, unique, indexed when offered); options of the old type go, the new type's required
 * options come with defaults. The publish checks that existing values fit the new type.
 */
export function changeFieldType(app: App, e: number, f: number, type: FieldType): DraftChange {
  const entity = entityAt(app, e);
  const field = fieldAt(app, e, f);
  const caps = FIELD_TYPES[type].capabilities;
  const next: Record<string, unknown> = {};
  if (field.id !== undefined) next['id'] = field.id;
  next['name'] = field.name;
  if (field.label) next['label'] = field.label;
  if (field.description) next['description'] = field.description;
  next['type'] = type;
  if (field.required && caps.required) next['required'] = true;
  if (field.unique && caps.unique) next['unique'] = true;
  if (field.indexed && caps.indexed) next['indexed'] = true;
  Object.assign(next, typeDefaults(type, app, entity.name));
  const patches: DraftPatch[] = [{ op: 'set', path: fieldPath(e, f), value: next }];
  if (entity.display === field.name && !FIELD_TYPES[type].capabilities.display) patches.push({ op: 'set', path: ['entities', e, 'display'], value: undefined });
  if (entity.search?.includes(field.name) && !FIELD_TYPES[type].capabilities.search) {
    const rest = entity.search.filter((s) => s !== field.name);
    patches.push({ op: 'set', path: ['entities', e, 'search'], value: rest.length > 0 ? rest : undefined });
  }
  return { label: `Change type of ${field.name}`, patches };
}

type EnumOption = { value: string; label?: LocalizedText; color?: string };

function optionsOf(field: Field): EnumOption[] {
  return field.type === 'enum' || field.type === 'multienum' ? [...(field.options ?? [])] : [];
}

export function addEnumOption(app: App, e: number, f: number, label: string): DraftChange {
  const field = fieldAt(app, e, f);
  const options = optionsOf(field);
  const value = uniqueName(nameFromLabel(label, 'option'), options.map((o) => o.value));
  const option: EnumOption = { value, label: localized(label), color: OPTION_COLOURS[options.length % OPTION_COLOURS.length] };
  return { label: `Add option ${value}`, patches: [{ op: 'insert', path: [...fieldPath(e, f), 'options', options.length], value: option }] };
}

export function setEnumOption(app: App, e: number, f: number, o: number, patch: Partial<EnumOption>): DraftChange {
  const option = optionsOf(fieldAt(app, e, f))[o];
  if (!option) throw new RangeError(`There is no option ${o}.`);
  return { label: `Change option ${option.value}`, patches: [{ op: 'set', path: [...fieldPath(e, f), 'options', o], value: { ...option, ...patch } }] };
}

export function removeEnumOption(app: App, e: number, f: number, o: number): DraftChange {
  const option = optionsOf(fieldAt(app, e, f))[o];
  if (!option) throw new RangeError(`There is no option ${o}.`);
  return { label: `Remove option ${option.value}`, patches: [{ op: 'remove', path: [...fieldPath(e, f), 'options', o] }] };
}

export function moveEnumOption(app: App, e: number, f: number, from: number, to: number): DraftChange {
  const options = optionsOf(fieldAt(app, e, f));
  const option = options[from];
  if (!option || to < 0 || to >= options.length || to === from) return { label: 'Move option', patches: [] };
  const path = [...fieldPath(e, f), 'options'];
  return { label: `Move option ${option.value}`, patches: [{ op: 'remove', path: [...path, from] }, { op: 'insert', path: [...path, to], value: option }] };
}

/** Target, cardinality and inverse together: an inverse only makes sense for one-to-many. */
export function setRelation(app: App, e: number, f: number, to: { target?: string; cardinality?: Cardinality; inverse?: string | null }): DraftChange {
  const field = fieldAt(app, e, f);
  const patches: DraftPatch[] = [];
  if (to.target !== undefined) patches.push({ op: 'set', path: [...fieldPath(e, f), 'target'], value: to.target });
  if (to.cardinality !== undefined) {
    patches.push({ op: 'set', path: [...fieldPath(e, f), 'cardinality'], value: to.cardinality });
    if (to.cardinality !== 'one-to-many' && to.inverse === undefined) patches.push({ op: 'set', path: [...fieldPath(e, f), 'inverse'], value: undefined });
  }
  if (to.inverse !== undefined) patches.push({ op: 'set', path: [...fieldPath(e, f), 'inverse'], value: to.inverse ?? undefined });
  return { label: `Change relation ${field.name}`, patches };
}

export function setDisplayField(app: App, e: number, fieldName: string | null): DraftChange {
  const entity = entityAt(app, e);
  return { label: `Title field of ${entity.name}`, patches: [{ op: 'set', path: ['entities', e, 'display'], value: fieldName ?? undefined }] };
}

export function setSearchField(app: App, e: number, fieldName: string, searched: boolean): DraftChange {
  const entity = entityAt(app, e);
  const current = entity.search ?? [];
  const next = searched ? (current.includes(fieldName) ? current : [...current, fieldName]) : current.filter((s) => s !== fieldName);
  return { label: `Search fields of ${entity.name}`, patches: [{ op: 'set', path: ['entities', e, 'search'], value: next.length > 0 ? next : undefined }] };
}
