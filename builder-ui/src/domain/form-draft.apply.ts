import type { App, Entity, Form, FormItem, FormSection, LocalizedText } from '@crm/schemas';
import type { DraftChange, DraftPatch } from './definition-draft.apply.js';
import { nameFromLabel, uniqueName } from './field-name.rules.js';

/*
 * The form designer's edits as DraftChanges: sections with 1-3 columns, fields placed and moved
 * between sections, per-field rules (visible when, required when, read-only) and width. Every
 * field appears on a form at most once (the validator says so), so the designer offers only the
 * fields not yet placed.
 */

export type ItemRule = 'visibleWhen' | 'requiredWhen';
export interface ItemPlace {
  section: number;
  index: number;
}

function formAt(app: App, f: number): Form {
  const form = app.forms?.[f];
  if (!form) throw new RangeError(`There is no form ${f}.`);
  return form;
}

function sectionAt(form: Form, s: number): FormSection {
  const section = form.sections[s];
  if (!section) throw new RangeError(`There is no section ${s} in form ${form.name}.`);
  return section;
}

function itemAt(form: Form, at: ItemPlace): FormItem {
  const item = sectionAt(form, at.section).fields[at.index];
  if (!item) throw new RangeError(`There is no field ${at.index} in section ${at.section} of form ${form.name}.`);
  return item;
}

const itemPath = (f: number, at: ItemPlace): Array<string | number> => ['forms', f, 'sections', at.section, 'fields', at.index];

/** Fields a form can hold: the entity's own, except lists of related records (shown on the record page). */
export function placeableFields(entity: Entity): string[] {
  return entity.fields.filter((field) => !(field.type === 'relation' && field.cardinality === 'one-to-many')).map((field) => field.name);
}

/** Fields of the entity not on the form yet, in the entity's order. */
export function unplacedFields(form: Form, entity: Entity): string[] {
  const placed = new Set(form.sections.flatMap((s) => s.fields.map((i) => i.field)));
  return placeableFields(entity).filter((name) => !placed.has(name));
}

/** A new form: one section in two columns with every field, the title across both. */
export function newForm(app: App, entity: Entity, label: LocalizedText): Form {
  const name = uniqueName(nameFromLabel(`${entity.name}_form`, 'form'), (app.forms ?? []).map((f) => f.name));
  const fields = placeableFields(entity).map((field): FormItem => (field === entity.display ? { field, span: 2 } : { field }));
  return { name, label, entity: entity.name, sections: [{ label: { ru: 'Основное', en: 'Main' }, columns: 2, fields: fields.length > 0 ? fields : [{ field: 'owner' }] }] };
}

export function addForm(app: App, form: Form): DraftChange {
  const patch: DraftPatch = app.forms ? { op: 'insert', path: ['forms', app.forms.length], value: form } : { op: 'set', path: ['forms'], value: [form] };
  return { label: `Add form ${form.name}`, patches: [patch] };
}

export function removeForm(app: App, f: number): DraftChange {
  const form = formAt(app, f);
  return { label: `Delete form ${form.name}`, patches: [app.forms?.length === 1 ? { op: 'set', path: ['forms'], value: undefined } : { op: 'remove', path: ['forms', f] }] };
}

export function setFormLabel(app: App, f: number, label: LocalizedText): DraftChange {
  return { label: `Rename form ${formAt(app, f).name}`, patches: [{ op: 'set', path: ['forms', f, 'label'], value: label }] };
}

/**
 * A new section at the end. A section holds at least one field, so it takes `field` (an unplaced
 * field, or one moved out of another section).
 */
export function addSection(app: App, f: number, label: LocalizedText, field: string | ItemPlace): DraftChange {
  const form = formAt(app, f);
  const s = form.sections.length;
  const patches: DraftPatch[] = [];
  let item: FormItem = { field: typeof field === 'string' ? field : '' };
  if (typeof field !== 'string') {
    item = itemAt(form, field);
    patches.push({ op: 'remove', path: itemPath(f, field) });
  }
  patches.push({ op: 'insert', path: ['forms', f, 'sections', s], value: { label, columns: 1, fields: [item] } });
  return { label: `Form ${form.name}: add section`, patches };
}

/** Removes a section; its fields go to the end of the section before it (or after it, for the first). */
export function removeSection(app: App, f: number, s: number): DraftChange {
  const form = formAt(app, f);
  const section = sectionAt(form, s);
  if (form.sections.length === 1) throw new RangeError('A form keeps at least one section.');
  const into = s === 0 ? 1 : s - 1;
  const target = sectionAt(form, into);
  const patches: DraftPatch[] = section.fields.map((item, k) => ({ op: 'insert', path: ['forms', f, 'sections', into, 'fields', target.fields.length + k], value: item }));
  patches.push({ op: 'remove', path: ['forms', f, 'sections', s] });
  return { label: `Form ${form.name}: delete section ${s + 1}`, patches };
}

export function setSection(app: App, f: number, s: number, part: { label: LocalizedText } | { columns: 1 | 2 | 3 } | { visibleWhen: unknown }): DraftChange {
  const form = formAt(app, f);
  sectionAt(form, s);
  const [key, value] = Object.entries(part)[0] ?? [];
  if (key === undefined) return { label: 'Nothing', patches: [] };
  return { label: `Form ${form.name}: section ${s + 1} ${key}`, patches: [{ op: 'set', path: ['forms', f, 'sections', s, key], value: value ?? undefined }] };
}

export function moveSection(app: App, f: number, from: number, to: number): DraftChange {
  const form = formAt(app, f);
  const section = sectionAt(form, from);
  if (to < 0 || to >= form.sections.length || to === from) return { label: 'Nothing', patches: [] };
  return {
    label: `Form ${form.name}: move section`,
    patches: [
      { op: 'remove', path: ['forms', f, 'sections', from] },
      { op: 'insert', path: ['forms', f, 'sections', to], value: section },
    ],
  };
}

/**
 * Moves a field within or between sections. `to.index` is where it lands in the target as shown
 * after the move (what a drop reports). A section left empty is removed with the move, since a
 * section holds at least one field.
 */
export function moveItem(app: App, f: number, from: ItemPlace, to: ItemPlace): DraftChange {
  const form = formAt(app, f);
  const item = itemAt(form, from);
  const target = sectionAt(form, to.section);
  const same = from.section === to.section;
  const length = same ? target.fields.length - 1 : target.fields.length;
  const index = Math.max(0, Math.min(to.index, length));
  if (same && index === from.index) return { label: 'Nothing', patches: [] };
  const patches: DraftPatch[] = [
    { op: 'remove', path: itemPath(f, from) },
    { op: 'insert', path: itemPath(f, { section: to.section, index }), value: item },
  ];
  if (!same && sectionAt(form, from.section).fields.length === 1) patches.push({ op: 'remove', path: ['forms', f, 'sections', from.section] });
  return { label: `Form ${form.name}: move ${item.field}`, patches };
}

export function addItem(app: App, f: number, field: string, to: ItemPlace): DraftChange {
  const form = formAt(app, f);
  const section = sectionAt(form, to.section);
  const index = Math.max(0, Math.min(to.index, section.fields.length));
  return { label: `Form ${form.name}: add ${field}`, patches: [{ op: 'insert', path: itemPath(f, { section: to.section, index }), value: { field } }] };
}

/** Takes a field off the form; the last field of a section takes the section along. */
export function removeItem(app: App, f: number, at: ItemPlace): DraftChange {
  const form = formAt(app, f);
  const item = itemAt(form, at);
  const section = sectionAt(form, at.section);
  if (section.fields.length === 1 && form.sections.length === 1) throw new RangeError('A form keeps at least one field.');
  const patch: DraftPatch = section.fields.length === 1 ? { op: 'remove', path: ['forms', f, 'sections', at.section] } : { op: 'remove', path: itemPath(f, at) };
  return { label: `Form ${form.name}: remove ${item.field}`, patches: [patch] };
}

/** Sets (or with undefined removes) a field's condition rule. */
export function setItemRule(app: App, f: number, at: ItemPlace, rule: ItemRule, condition: unknown): DraftChange {
  const form = formAt(app, f);
  const item = itemAt(form, at);
  return { label: `Form ${form.name}: ${item.field} ${rule}`, patches: [{ op: 'set', path: [...itemPath(f, at), rule], value: condition ?? undefined }] };
}

export function setItemReadOnly(app: App, f: number, at: ItemPlace, on: boolean): DraftChange {
  const form = formAt(app, f);
  const item = itemAt(form, at);
  return { label: `Form ${form.name}: ${item.field} read-only`, patches: [{ op: 'set', path: [...itemPath(f, at), 'readOnly'], value: on ? true : undefined }] };
}

export function setItemSpan(app: App, f: number, at: ItemPlace, span: number): DraftChange {
  const form = formAt(app, f);
  const item = itemAt(form, at);
  return { label: `Form ${form.name}: ${item.field} width`, patches: [{ op: 'set', path: [...itemPath(f, at), 'span'], value: span > 1 ? span : undefined }] };
}

/** The place of a field on the form, or null. */
export function placeOf(form: Form, field: string): ItemPlace | null {
  for (let section = 0; section < form.sections.length; section += 1) {
    const index = form.sections[section]?.fields.findIndex((i) => i.field === field) ?? -1;
    if (index >= 0) return { section, index };
  }
  return null;
}
