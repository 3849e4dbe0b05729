import type { LocalizedMessage } from '../issues/definition-issue.types.js';

/* Messages of record validation errors, naming the field. */

const q = (name: string): LocalizedMessage => ({ ru: `«${name}»`, en: `"${name}"` });

export type ReadOnlyReason = 'system' | 'formula' | 'relation';

const READ_ONLY_REASONS: Readonly<Record<ReadOnlyReason, LocalizedMessage>> = {
  system: { ru: 'это системное поле, его заполняет CRM', en: 'it is a system field the CRM fills in' },
  formula: { ru: 'это формула, она вычисляется при сохранении', en: 'it is a formula computed on save' },
  relation: { ru: 'это обратная сторона связи; меняйте связь на связанных записях', en: 'it is the inverse side of a relation; change the link on the related records' },
};

export const recordErrorMessages = {
  notAnObject: (): LocalizedMessage => ({ ru: 'Запись должна быть объектом JSON', en: 'A record must be a JSON object' }),
  unknownField: (entity: string, field: string): LocalizedMessage => ({
    ru: `Поля ${q(field).ru} нет в сущности ${q(entity).ru}`,
    en: `Entity ${q(entity).en} has no field ${q(field).en}`,
  }),
  readOnly: (field: string, reason: ReadOnlyReason): LocalizedMessage => ({
    ru: `Поле ${q(field).ru} доступно только для чтения: ${READ_ONLY_REASONS[reason].ru}`,
    en: `Field ${q(field).en} is read-only: ${READ_ONLY_REASONS[reason].en}`,
  }),
  required: (field: string): LocalizedMessage => ({ ru: `Поле ${q(field).ru} обязательно`, en: `Field ${q(field).en} is required` }),
  invalidPhone: (field: string, value: string): LocalizedMessage => ({
    ru: `Поле ${q(field).ru}: ${q(value).ru} — не номер телефона`,
    en: `Field ${q(field).en}: ${q(value).en} is not a phone number`,
  }),
  about: (field: string, what: LocalizedMessage): LocalizedMessage => ({ ru: `Поле ${q(field).ru}: ${what.ru}`, en: `Field ${q(field).en}: ${what.en}` }),
};
