import type { App, EnumOption, Field } from '@crm/schemas';

/*
 * Where an enum's options and a relation's title come from in the definition: a pipeline supplies
 * the options of the enum field that holds its stages (label, colour, in stage order); a relation's
 * target names the field that is its records' title (`display`).
 */

export type FieldDefinitionSource = Pick<App, 'entities' | 'pipelines' | 'settings'>;

/** The pipeline's stages as options when it keeps its stages in this field, else the field's own options. */
export function definitionEnumOptions(definition: FieldDefinitionSource | null, entity: string | undefined, field: Field): readonly EnumOption[] {
  if (field.type !== 'enum' && field.type !== 'multienum') return [];
  const pipeline = entity === undefined ? undefined : definition?.pipelines?.find((p) => p.entity === entity && p.field === field.name);
  if (pipeline) return pipeline.stages.map((s) => ({ value: s.name, label: s.label, ...(s.color ? { color: s.color } : {}) }));
  return field.options ?? [];
}

/** The title field of the target entity's records: its `display`, else its first text field. */
export function displayFieldOf(definition: FieldDefinitionSource | null, target: string): string | undefined {
  const entity = definition?.entities.find((e) => e.name === target);
  if (!entity) return undefined;
  return entity.display ?? entity.fields.find((f) => f.type === 'text')?.name;
}
