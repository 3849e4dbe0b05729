import type { App, Condition, Field, FormItem, LocalizedText } from '@crm/schemas';

/*
 * The layout of a record form from the definition: the entity's form (sections, columns, field
 * order, rules) or, without one, every field in definition order. Fields the person cannot read are
 * absent (the definition they get has none); fields they cannot write, formulas and fields the form
 * marks read-only are read-only; a pipeline's stage field is not required on create (the record
 * starts at the first stage).
 */

export type RecordFormMode = 'create' | 'update';

export interface FormFieldAccess {
  /** Per visible field: read or write (hidden ones are not listed). */
  fields: Readonly<Record<string, 'hidden' | 'read' | 'write'>>;
  /** May update records of the entity at all. */
  canUpdate: boolean;
}

export interface FormItemLayout {
  field: Field;
  span: number;
  readOnly: boolean;
  /** Required by the definition (rules may add requiredWhen). */
  required: boolean;
  visibleWhen?: Condition;
  requiredWhen?: Condition;
}

export interface FormSectionLayout {
  key: string;
  label?: LocalizedText;
  columns: 1 | 2 | 3;
  visibleWhen?: Condition;
  items: FormItemLayout[];
}

/** Fields a form never edits: one-to-many relations live on the other side. */
function isFormField(field: Field): boolean {
  return !(field.type === 'relation' && field.cardinality === 'one-to-many');
}

function staticReadOnly(field: Field, item: Pick<FormItem, 'readOnly'>, access: FormFieldAccess | undefined, mode: RecordFormMode): boolean {
  if (item.readOnly === true || field.readOnly === true || field.type === 'formula') return true;
  if (mode === 'update' && access && !access.canUpdate) return true;
  return access !== undefined && access.fields[field.name] !== undefined && access.fields[field.name] !== 'write';
}

function isStageField(definition: Pick<App, 'pipelines'>, entity: string, field: Field): boolean {
  return (definition.pipelines ?? []).some((p) => p.entity === entity && p.field === field.name);
}

function itemLayout(definition: Pick<App, 'pipelines'>, entity: string, field: Field, item: FormItem, access: FormFieldAccess | undefined, mode: RecordFormMode): FormItemLayout {
  const hasDefault = 'default' in field && field.default !== undefined;
  const required = field.required === true && !(mode === 'create' && (hasDefault || isStageField(definition, entity, field)));
  return {
    field,
    span: item.span ?? 1,
    readOnly: staticReadOnly(field, item, access, mode),
    required,
    ...(item.visibleWhen ? { visibleWhen: item.visibleWhen } : {}),
    ...(item.requiredWhen ? { requiredWhen: item.requiredWhen } : {}),
  };
}

/**
 * The sections of the entity's form for this person. On create, read-only fields are left out (there
 * is nothing to show yet); a section left with no field is dropped.
 */
export function formLayout(definition: Pick<App, 'entities' | 'forms' | 'pipelines'>, entity: string, access: FormFieldAccess | undefined, mode: RecordFormMode): FormSectionLayout[] {
  const model = definition.entities.find((e) => e.name === entity);
  if (!model) return [];
  const fields = new Map(model.fields.filter(isFormField).map((f) => [f.name, f]));
  const form = (definition.forms ?? []).find((f) => f.entity === entity);
  const sections = form
    ? form.sections.map((s, index) => ({ key: `s${index}`, label: s.label, columns: s.columns ?? 1, visibleWhen: s.visibleWhen, items: s.fields }))
    : [{ key: 's0', label: undefined, columns: 2 as const, visibleWhen: undefined, items: [...fields.keys()].map((name) => ({ field: name })) }];
  return sections
    .map((section) => ({
      key: section.key,
      ...(section.label ? { label: section.label } : {}),
      columns: section.columns,
      ...(section.visibleWhen ? { visibleWhen: section.visibleWhen } : {}),
      items: section.items.flatMap((item) => {
        const field = fields.get(item.field);
        if (!field) return [];
        const layout = itemLayout(definition, entity, field, item, access, mode);
        return mode === 'create' && layout.readOnly ? [] : [layout];
      }),
    }))
    .filter((section) => section.items.length > 0);
}

/** Every item of the layout, in order. */
export function layoutItems(sections: readonly FormSectionLayout[]): FormItemLayout[] {
  return sections.flatMap((s) => s.items);
}
