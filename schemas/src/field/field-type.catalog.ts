import { OPERATORS_BY_FAMILY } from '../condition/condition.operators.js';
import type { FieldOptionHint, FieldTypeCatalog } from './field-type.types.js';

/*
 * Every field type, declared once: how its values compare (the condition language's family and the
 * operators that family allows), the column that stores it, the widget that edits it, what the
 * builder may offer for it, and its type-specific options with their ru/en labels. The runtime's
 * storage, the record validator's neighbours and the builder read this table; the mapped type makes
 * a new member of Field['type'] a compile error here until it is described.
 */

const MIN: FieldOptionHint = { 'x-label': { ru: 'Минимум', en: 'Minimum' } };
const MAX: FieldOptionHint = { 'x-label': { ru: 'Максимум', en: 'Maximum' } };
const MAX_LENGTH: FieldOptionHint = { 'x-label': { ru: 'Максимальная длина', en: 'Maximum length' } };
const CHOICES: FieldOptionHint = {
  'x-label': { ru: 'Варианты', en: 'Options' },
  'x-description': { ru: 'Значение, подпись и цвет каждого варианта.', en: 'The value, label and colour of each option.' },
};

const text = OPERATORS_BY_FAMILY.text;
const number = OPERATORS_BY_FAMILY.number;

export const FIELD_TYPES: FieldTypeCatalog = {
  text: {
    type: 'text',
    label: { ru: 'Строка', en: 'Text' },
    description: { ru: 'Короткий текст в одну строку: название, код, город.', en: 'A short single-line text: a name, a code, a city.' },
    category: 'text',
    family: 'text',
    operators: text,
    sqlType: 'text',
    widget: 'text-input',
    capabilities: { unique: true, indexed: true, required: true, defaultable: true, display: true, search: true },
    options: {
      minLength: { 'x-label': { ru: 'Минимальная длина', en: 'Minimum length' } },
      maxLength: MAX_LENGTH,
      pattern: {
        'x-label': { ru: 'Шаблон', en: 'Pattern' },
        'x-description': { ru: 'Регулярное выражение, которому должно соответствовать значение.', en: 'A regular expression the value must match.' },
      },
    },
  },
  longtext: {
    type: 'longtext',
    label: { ru: 'Длинный текст', en: 'Long text' },
    description: { ru: 'Многострочный текст: описание, заметки.', en: 'Multi-line text: a description, notes.' },
    category: 'text',
    family: 'text',
    operators: text,
    sqlType: 'text',
    widget: 'textarea',
    // A btree entry must fit in about 2.7 kB, so long text is neither indexed nor unique.
    capabilities: { unique: false, indexed: false, required: true, defaultable: true, display: false, search: true },
    options: { maxLength: MAX_LENGTH },
  },
  integer: {
    type: 'integer',
    label: { ru: 'Целое число', en: 'Integer' },
    description: { ru: 'Число без дробной части: количество, номер.', en: 'A whole number: a quantity, a number.' },
    category: 'numbers',
    family: 'number',
    operators: number,
    sqlType: 'bigint',
    widget: 'integer-input',
    capabilities: { unique: true, indexed: true, required: true, defaultable: true, display: true, search: false },
    options: { min: MIN, max: MAX },
  },
  number: {
    type: 'number',
    label: { ru: 'Число', en: 'Number' },
    description: { ru: 'Число с дробной частью.', en: 'A number with a fractional part.' },
    category: 'numbers',
    family: 'number',
    operators: number,
    sqlType: 'numeric',
    widget: 'number-input',
    capabilities: { unique: true, indexed: true, required: true, defaultable: true, display: true, search: false },
    options: { min: MIN, max: MAX, scale: { 'x-label': { ru: 'Знаков после запятой', en: 'Decimal places' } } },
  },
  money: {
    type: 'money',
    label: { ru: 'Деньги', en: 'Money' },
    description: { ru: 'Сумма в одной валюте (по умолчанию рубли), две цифры после запятой.', en: 'An amount in one currency (RUB by default), two decimal places.' },
    category: 'numbers',
    family: 'number',
    operators: number,
    sqlType: 'numeric(18,2)',
    widget: 'money',
    capabilities: { unique: false, indexed: true, required: true, defaultable: true, display: false, search: false },
    options: { currency: { 'x-label': { ru: 'Валюта', en: 'Currency' } }, min: MIN, max: MAX },
  },
  percent: {
    type: 'percent',
    label: { ru: 'Проценты', en: 'Percent' },
    description: { ru: 'Доля в процентах: вероятность, скидка.', en: 'A share in percent: a probability, a discount.' },
    category: 'numbers',
    family: 'number',
    operators: number,
    sqlType: 'numeric',
    widget: 'percent',
    capabilities: { unique: false, indexed: true, required: true, defaultable: true, display: false, search: false },
    options: { min: MIN, max: MAX },
  },
  boolean: {
    type: 'boolean',
    label: { ru: 'Да/нет', en: 'Yes/no' },
    description: { ru: 'Флажок: да или нет.', en: 'A checkbox: yes or no.' },
    category: 'choice',
    family: 'boolean',
    operators: OPERATORS_BY_FAMILY.boolean,
    sqlType: 'boolean',
    widget: 'checkbox',
    capabilities: { unique: false, indexed: true, required: true, defaultable: true, display: false, search: false },
    options: {},
  },
  date: {
    type: 'date',
    label: { ru: 'Дата', en: 'Date' },
    description: { ru: 'Календарная дата без времени.', en: 'A calendar date without a time.' },
    category: 'dates',
    family: 'date',
    operators: OPERATORS_BY_FAMILY.date,
    sqlType: 'date',
    widget: 'date-picker',
    capabilities: { unique: true, indexed: true, required: true, defaultable: true, display: true, search: false },
    options: {},
  },
  datetime: {
    type: 'datetime',
    label: { ru: 'Дата и время', en: 'Date and time' },
    description: { ru: 'Момент времени с часовым поясом.', en: 'A moment in time with its time zone.' },
    category: 'dates',
    family: 'datetime',
    operators: OPERATORS_BY_FAMILY.datetime,
    sqlType: 'timestamptz',
    widget: 'datetime-picker',
    capabilities: { unique: true, indexed: true, required: true, defaultable: true, display: true, search: false },
    options: {},
  },
  email: {
    type: 'email',
    label: { ru: 'Эл. почта', en: 'E-mail' },
    description: { ru: 'Адрес электронной почты.', en: 'An e-mail address.' },
    category: 'text',
    family: 'text',
    operators: text,
    sqlType: 'text',
    widget: 'email',
    capabilities: { unique: true, indexed: true, required: true, defaultable: true, display: true, search: true },
    options: {},
  },
  phone: {
    type: 'phone',
    label: { ru: 'Телефон', en: 'Phone' },
    description: { ru: 'Номер телефона; хранится в формате E.164, так что один номер, набранный по-разному, совпадает.', en: 'A phone number, stored in E.164 so the same number typed two ways matches.' },
    category: 'text',
    family: 'text',
    operators: text,
    sqlType: 'text',
    widget: 'phone',
    capabilities: { unique: true, indexed: true, required: true, defaultable: true, display: true, search: true },
    options: {
      defaultCountry: {
        'x-label': { ru: 'Страна по умолчанию', en: 'Default country' },
        'x-description': { ru: 'Для номеров, набранных без кода страны.', en: 'For numbers typed without a country code.' },
      },
    },
  },
  url: {
    type: 'url',
    label: { ru: 'Ссылка', en: 'URL' },
    description: { ru: 'Веб-адрес (http или https).', en: 'A web address (http or https).' },
    category: 'text',
    family: 'text',
    operators: text,
    sqlType: 'text',
    widget: 'url',
    capabilities: { unique: true, indexed: true, required: true, defaultable: true, display: true, search: true },
    options: {},
  },
  enum: {
    type: 'enum',
    label: { ru: 'Список', en: 'Choice' },
    description: { ru: 'Одно значение из списка; список может задавать воронка своими этапами.', en: 'One value from a list; a pipeline may supply the list from its stages.' },
    category: 'choice',
    family: 'enum',
    operators: OPERATORS_BY_FAMILY.enum,
    sqlType: 'text',
    widget: 'enum-select',
    capabilities: { unique: false, indexed: true, required: true, defaultable: true, display: true, search: true },
    options: { options: CHOICES },
  },
  multienum: {
    type: 'multienum',
    label: { ru: 'Несколько из списка', en: 'Multiple choice' },
    description: { ru: 'Несколько значений из списка: теги, метки.', en: 'Several values from a list: tags, labels.' },
    category: 'choice',
    family: 'multienum',
    operators: OPERATORS_BY_FAMILY.multienum,
    sqlType: 'text[]',
    widget: 'enum-chips',
    capabilities: { unique: false, indexed: false, required: true, defaultable: true, display: false, search: false },
    options: { options: CHOICES },
  },
  relation: {
    type: 'relation',
    label: { ru: 'Связь', en: 'Relation' },
    description: { ru: 'Ссылка на записи другой сущности: одна, многие или многие ко многим.', en: 'A link to records of another entity: one, many, or many-to-many.' },
    category: 'relations',
    family: 'uuid',
    operators: OPERATORS_BY_FAMILY.uuid,
    // many-to-one; the other cardinalities have no column (RELATION_STORAGE).
    sqlType: 'uuid',
    widget: 'relation-picker',
    capabilities: { unique: true, indexed: true, required: true, defaultable: false, display: false, search: false },
    options: {
      target: { 'x-label': { ru: 'Связанная сущность', en: 'Target entity' } },
      cardinality: { 'x-label': { ru: 'Вид связи', en: 'Cardinality' } },
      inverse: {
        'x-label': { ru: 'Обратное поле', en: 'Inverse field' },
        'x-description': { ru: 'Для «один ко многим»: поле связи на другой стороне, указывающее сюда.', en: 'For one-to-many: the many-to-one field on the target that points back here.' },
      },
      onDelete: { 'x-label': { ru: 'При удалении связанной записи', en: 'When the linked record is deleted' } },
    },
  },
  user: {
    type: 'user',
    label: { ru: 'Пользователь', en: 'User' },
    description: { ru: 'Сотрудник организации: ответственный, исполнитель.', en: 'A person in the organisation: a manager, an assignee.' },
    category: 'people',
    family: 'uuid',
    operators: OPERATORS_BY_FAMILY.uuid,
    sqlType: 'uuid',
    widget: 'user-picker',
    capabilities: { unique: true, indexed: true, required: true, defaultable: true, display: false, search: false },
    options: {},
  },
  formula: {
    type: 'formula',
    label: { ru: 'Формула', en: 'Formula' },
    description: { ru: 'Значение, вычисляемое из других полей записи при каждом сохранении; только для чтения.', en: 'A read-only value computed from the record’s other fields whenever it is saved.' },
    category: 'computed',
    // The default result type (number); fieldFamily() and fieldSqlType() follow `resultType`.
    family: 'number',
    operators: number,
    sqlType: 'numeric',
    widget: 'formula-value',
    capabilities: { unique: false, indexed: true, required: false, defaultable: false, display: true, search: false },
    options: {
      expression: { 'x-label': { ru: 'Выражение', en: 'Expression' } },
      resultType: { 'x-label': { ru: 'Тип результата', en: 'Result type' } },
    },
  },
  file: {
    type: 'file',
    label: { ru: 'Файл', en: 'File' },
    description: { ru: 'Вложенный файл или несколько файлов.', en: 'An attached file, or several.' },
    category: 'files',
    family: 'file',
    operators: OPERATORS_BY_FAMILY.file,
    sqlType: 'jsonb',
    widget: 'file-upload',
    capabilities: { unique: false, indexed: false, required: true, defaultable: false, display: false, search: false },
    options: {
      multiple: { 'x-label': { ru: 'Несколько файлов', en: 'Several files' } },
      maxSizeMb: { 'x-label': { ru: 'Наибольший размер, МБ', en: 'Maximum size, MB' } },
      accept: {
        'x-label': { ru: 'Допустимые типы', en: 'Accepted types' },
        'x-description': { ru: 'MIME-типы или расширения, например image/* или .pdf.', en: 'MIME types or extensions, e.g. image/* or .pdf.' },
      },
    },
  },
};

export function isFieldType(value: unknown): value is keyof FieldTypeCatalog {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(FIELD_TYPES, value);
}

/** Every field type, in the catalog's order (the builder's palette order). */
export const FIELD_TYPE_NAMES: readonly (keyof FieldTypeCatalog)[] = Object.keys(FIELD_TYPES).filter(isFieldType);
