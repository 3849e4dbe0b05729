import { computed, inject, provide, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { isUiLocale, type EnumOption, type Field, type UiLocale } from '@crm/schemas';
import { formatFieldValue, type FieldFormatContext } from './field-format.rules.js';
import { definitionEnumOptions, displayFieldOf, type FieldDefinitionSource } from './field-options.rules.js';

/*
 * What a field widget needs to show a value beyond the value itself: the definition (a pipeline's
 * stages label a stage field; a relation's target names its title field), the person's time zone
 * and the names of people. A page provides it once (provideFieldDisplay); FieldCell, FieldView and
 * FieldInput inject it, so their props stay { field, value, entity? }. Without a provider they
 * still work: field options only, the browser's time zone, user ids as given.
 */

export interface FieldDisplaySource {
  /** The part of the definition widgets read (entities and pipelines); null while loading. */
  definition: FieldDefinitionSource | null;
  timeZone?: string;
  userNames?: Readonly<Record<string, string>>;
}

const FIELD_DISPLAY: InjectionKey<Readonly<Ref<FieldDisplaySource>>> = Symbol('field-display');

/** Accepts a ref or a computed. */
export function provideFieldDisplay(source: Readonly<Ref<FieldDisplaySource>>): void {
  provide(FIELD_DISPLAY, source);
}

export interface FieldDisplay {
  locale: ComputedRef<UiLocale>;
  source: ComputedRef<FieldDisplaySource>;
  /** The formatting context for a field of `entity`. */
  contextFor(field: Field, entity?: string): FieldFormatContext;
  /** The options an enum or multienum of `entity` offers (its pipeline's stages or its own). */
  optionsFor(field: Field, entity?: string): readonly EnumOption[];
  format(field: Field, value: unknown, entity?: string): string;
}

export function useFieldDisplay(): FieldDisplay {
  const injected = inject(FIELD_DISPLAY, null);
  const { locale: i18nLocale } = useI18n();
  const locale = computed<UiLocale>(() => (isUiLocale(i18nLocale.value) ? i18nLocale.value : 'ru'));
  const source = computed<FieldDisplaySource>(() => injected?.value ?? { definition: null });

  function optionsFor(field: Field, entity?: string): readonly EnumOption[] {
    return definitionEnumOptions(source.value.definition, entity, field);
  }

  function contextFor(field: Field, entity?: string): FieldFormatContext {
    const { definition, timeZone, userNames } = source.value;
    return {
      locale: locale.value,
      timeZone,
      userNames,
      currency: definition?.settings?.currency,
      enumOptions: field.type === 'enum' || field.type === 'multienum' ? optionsFor(field, entity) : undefined,
      displayField: field.type === 'relation' ? displayFieldOf(definition, field.target) : undefined,
    };
  }

  return { locale, source, contextFor, optionsFor, format: (field, value, entity) => formatFieldValue(field, value, contextFor(field, entity)) };
}
