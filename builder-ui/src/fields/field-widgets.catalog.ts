import type { Component } from 'vue';
import type { FieldType } from '@crm/schemas';
import BooleanFieldInput from './widgets/BooleanFieldInput.vue';
import DateFieldInput from './widgets/DateFieldInput.vue';
import EnumChips from './widgets/EnumChips.vue';
import EnumFieldInput from './widgets/EnumFieldInput.vue';
import FileCell from './widgets/FileCell.vue';
import FileFieldInput from './widgets/FileFieldInput.vue';
import FileView from './widgets/FileView.vue';
import LinkView from './widgets/LinkView.vue';
import LongtextFieldInput from './widgets/LongtextFieldInput.vue';
import NumberFieldInput from './widgets/NumberFieldInput.vue';
import PhoneFieldInput from './widgets/PhoneFieldInput.vue';
import PhoneView from './widgets/PhoneView.vue';
import ReadOnlyFieldInput from './widgets/ReadOnlyFieldInput.vue';
import RelationFieldInput from './widgets/RelationFieldInput.vue';
import RelationView from './widgets/RelationView.vue';
import TextCell from './widgets/TextCell.vue';
import TextFieldInput from './widgets/TextFieldInput.vue';
import TextView from './widgets/TextView.vue';
import UserFieldInput from './widgets/UserFieldInput.vue';

/*
 * The field widget registry: for every type of the field-type catalog (FIELD_TYPES in @crm/schemas)
 * the component that edits a value (input: props FieldInputProps + v-model), the one that shows it
 * in a list or a card (cell) and the one that shows it read-only on a record page (view: both
 * FieldShowProps). Keyed by the type union, so a new field type is a compile error here until it
 * has its widgets. FieldInput / FieldCell / FieldView pick from this table; the builder's previews
 * use the same table.
 */

export interface FieldWidgets {
  input: Component;
  cell: Component;
  view: Component;
}

const TEXT: FieldWidgets = { input: TextFieldInput, cell: TextCell, view: TextView };
const NUMBER: FieldWidgets = { input: NumberFieldInput, cell: TextCell, view: TextView };
const DATE: FieldWidgets = { input: DateFieldInput, cell: TextCell, view: TextView };
const LINK: FieldWidgets = { input: TextFieldInput, cell: TextCell, view: LinkView };
const ENUM: FieldWidgets = { input: EnumFieldInput, cell: EnumChips, view: EnumChips };

export const FIELD_WIDGETS: { readonly [T in FieldType]: FieldWidgets } = {
  text: TEXT,
  longtext: { input: LongtextFieldInput, cell: TextCell, view: TextView },
  integer: NUMBER,
  number: NUMBER,
  money: NUMBER,
  percent: NUMBER,
  boolean: { input: BooleanFieldInput, cell: TextCell, view: TextView },
  date: DATE,
  datetime: DATE,
  email: LINK,
  phone: { input: PhoneFieldInput, cell: PhoneView, view: PhoneView },
  url: LINK,
  enum: ENUM,
  multienum: ENUM,
  relation: { input: RelationFieldInput, cell: TextCell, view: RelationView },
  user: { input: UserFieldInput, cell: TextCell, view: TextView },
  formula: { input: ReadOnlyFieldInput, cell: TextCell, view: TextView },
  file: { input: FileFieldInput, cell: FileCell, view: FileView },
};
