import type { Component } from 'vue';
import type { SchemaWidget } from '../../../domain/schema-form.mapping.js';
import BooleanWidget from './BooleanWidget.vue';
import CodeInput from './CodeInput.vue';
import ConditionWidget from './ConditionWidget.vue';
import DurationWidget from './DurationWidget.vue';
import EnumWidget from './EnumWidget.vue';
import FieldValuesWidget from './FieldValuesWidget.vue';
import JsonWidget from './JsonWidget.vue';
import LocalizedTextWidget from './LocalizedTextWidget.vue';
import NumberWidget from './NumberWidget.vue';
import StartInputDefaultWidget from './StartInputDefaultWidget.vue';
import StartInputVisibleWhenWidget from './StartInputVisibleWhenWidget.vue';
import TextWidget from './TextWidget.vue';
import ValueWidget from './ValueWidget.vue';
import TextTemplatePicker from '../../../builder/processes/panel/TextTemplatePicker.vue';

/*
 * One widget per x-widget id, keyed by the SchemaWidget union so a new id is a compile error here
 * until it has a component (Directus's interfaces, one registry). Every widget takes
 * SchemaWidgetProps and emits `change`. Objects and lists of objects are drawn by SchemaForm itself,
 * which nests; they never reach the registry.
 */
export const WIDGETS: Readonly<Record<Exclude<SchemaWidget, 'object' | 'list'>, Component>> = {
  text: TextWidget,
  template: TextWidget,
  textarea: TextWidget,
  code: CodeInput,
  number: NumberWidget,
  boolean: BooleanWidget,
  enum: EnumWidget,
  'multi-enum': EnumWidget,
  duration: DurationWidget,
  condition: ConditionWidget,
  entity: EnumWidget,
  role: EnumWidget,
  roles: EnumWidget,
  process: EnumWidget,
  pipeline: EnumWidget,
  stage: EnumWidget,
  relation: EnumWidget,
  field: EnumWidget,
  'date-field': EnumWidget,
  'user-field': EnumWidget,
  'user-value': ValueWidget,
  value: ValueWidget,
  'field-values': FieldValuesWidget,
  'localized-text': LocalizedTextWidget,
  // A document or email template: its choices come from the runtime (api/text-templates.api.ts).
  'text-template': TextTemplatePicker,
  // A start-form question's default answer, asked with the question's own input.
  'start-input-default': StartInputDefaultWidget,
  // A start-form question's condition: an earlier question and the answers that show this one.
  'start-input-visible-when': StartInputVisibleWhenWidget,
  json: JsonWidget,
};

/** Widgets drawn as a group (fieldset + legend) rather than one labelled input. */
export const GROUP_WIDGETS: ReadonlySet<SchemaWidget> = new Set(['object', 'list', 'field-values', 'localized-text', 'condition', 'start-input-visible-when']);
