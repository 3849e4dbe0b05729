/*
 * The field widgets, for every area that shows or edits a record's values:
 *   FieldCell  { field, value, entity? }   a list cell or card line (enum chips, money right-aligned)
 *   FieldView  { field, value, entity? }   read-only (links, chips, a dash when empty)
 *   FieldInput { field, entity?, id, ... } + v-model   the editor for the field's type
 *   formatFieldValue(field, value, context) the same text, outside components
 *   provideFieldDisplay(source)           once per page: the definition, time zone, people's names
 */
export { default as FieldCell } from './FieldCell.vue';
export { default as FieldView } from './FieldView.vue';
export { default as FieldInput } from './FieldInput.vue';
export { FIELD_WIDGETS, type FieldWidgets } from './field-widgets.catalog.js';
export { formatFieldValue, isEmptyValue, type FieldFormatContext } from './field-format.rules.js';
export { provideFieldDisplay, useFieldDisplay, type FieldDisplaySource } from './field-display.context.js';
export { definitionEnumOptions, displayFieldOf, type FieldDefinitionSource } from './field-options.rules.js';
export type { FieldInputProps, FieldShowProps } from './field-widget.types.js';
