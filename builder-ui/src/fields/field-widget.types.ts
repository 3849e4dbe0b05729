import type { Field } from '@crm/schemas';

/*
 * The props every field widget takes, whatever its type. The other areas (lists, kanban, cards,
 * the builder's previews) use FieldCell / FieldView / FieldInput with exactly these.
 */

/** A value shown: FieldCell (lists, cards) and FieldView (read-only). */
export interface FieldShowProps {
  field: Field;
  value: unknown;
  /** The entity the field belongs to: a pipeline's stages label its stage field. */
  entity?: string;
}

/** A value edited: FieldInput (v-model holds the record's value, as the records API takes it). */
export interface FieldInputProps {
  field: Field;
  entity?: string;
  /** The control's id, the label's `for`. */
  id: string;
  /** The id of the label element (switches are named by it). */
  labelledby?: string;
  invalid?: boolean;
  describedby?: string;
}
