import type { LocalizedMessage } from '../issues/definition-issue.types.js';
import { words, type Words } from './subject.words.js';

/*
 * The dashboards' own messages, in Russian and English; those shared with views and forms
 * (unknown entity, field, pipeline or role, a field of the wrong type) come from
 * semantic-issue.messages.ts with `where` naming the dashboard or the widget.
 */

const q = words.quoted;

export const dashboardWords = {
  dashboard: (dashboard: string): Words => ({ ru: `Панель ${q(dashboard).ru}`, en: `Dashboard ${q(dashboard).en}` }),
  widget: (dashboard: string, widget: string): Words => ({
    ru: `Виджет ${q(widget).ru} панели ${q(dashboard).ru}`,
    en: `Widget ${q(widget).en} of dashboard ${q(dashboard).en}`,
  }),
  filter: (dashboard: string, widget: string): Words => ({
    ru: `Фильтр виджета ${q(widget).ru} панели ${q(dashboard).ru}`,
    en: `The filter of widget ${q(widget).en} of dashboard ${q(dashboard).en}`,
  }),
};

const KIND_WORDS: Readonly<Record<string, LocalizedMessage>> = {
  figure: { ru: 'число', en: 'a figure' },
  bar: { ru: 'столбчатая диаграмма', en: 'a bar chart' },
  line: { ru: 'линейный график', en: 'a line chart' },
  pie: { ru: 'круговая диаграмма', en: 'a pie chart' },
  funnel: { ru: 'воронка', en: 'a funnel' },
  table: { ru: 'таблица', en: 'a table' },
};

const kindWords = (kind: string): LocalizedMessage => KIND_WORDS[kind] ?? { ru: kind, en: kind };

export const dashboardMessages = {
  duplicateDashboard: (dashboard: string): LocalizedMessage => ({
    ru: `Панель ${q(dashboard).ru} описана дважды`,
    en: `Dashboard ${q(dashboard).en} is defined twice`,
  }),
  duplicateWidget: (dashboard: string, widget: string): LocalizedMessage => ({
    ru: `Виджет ${q(widget).ru} на панели ${q(dashboard).ru} указан дважды`,
    en: `Widget ${q(widget).en} appears twice on dashboard ${q(dashboard).en}`,
  }),
  needsGroupBy: (where: Words, kind: string): LocalizedMessage => ({
    ru: `${where.ru}: ${kindWords(kind).ru} строится по группам — укажите groupBy`,
    en: `${where.en}: ${kindWords(kind).en} shows a value per group; set groupBy`,
  }),
  needsPipeline: (where: Words): LocalizedMessage => ({
    ru: `${where.ru}: для воронки укажите pipeline — воронку этой сущности`,
    en: `${where.en}: a funnel needs a pipeline of its entity`,
  }),
  needsFields: (where: Words): LocalizedMessage => ({
    ru: `${where.ru}: для таблицы укажите поля (fields)`,
    en: `${where.en}: a table needs its fields`,
  }),
  needsMetricField: (where: Words, op: string): LocalizedMessage => ({
    ru: `${where.ru}: для ${op} укажите числовое поле (metric.field)`,
    en: `${where.en}: ${op} needs a number field (metric.field)`,
  }),
  countTakesNoField: (where: Words): LocalizedMessage => ({
    ru: `${where.ru}: count считает записи, поле не указывается`,
    en: `${where.en}: count counts records and takes no field`,
  }),
  funnelMetric: (where: Words, op: string): LocalizedMessage => ({
    ru: `${where.ru}: воронка показывает количество (count) или сумму (sum), а не ${op}`,
    en: `${where.en}: a funnel shows a count or a sum, not ${op}`,
  }),
  notGroupable: (where: Words, entity: string, field: string, type: string): LocalizedMessage => ({
    ru: `${where.ru}: по полю ${q(field).ru} сущности ${q(entity).ru} (тип ${type}) нельзя группировать; подходят списки, пользователи, связи, даты, флажки, короткий текст и целые числа`,
    en: `${where.en}: field ${q(field).en} of entity ${q(entity).en} (type ${type}) cannot be grouped by; enums, users, relations, dates, booleans, short text and integers can`,
  }),
  bucketWithoutDate: (where: Words): LocalizedMessage => ({
    ru: `${where.ru}: dateBucket задаётся только при группировке по дате`,
    en: `${where.en}: dateBucket applies only when grouping by a date`,
  }),
  unusedSetting: (where: Words, setting: string, kind: string): LocalizedMessage => ({
    ru: `${where.ru}: ${setting} не используется — это ${kindWords(kind).ru}`,
    en: `${where.en}: ${setting} is not used by ${kindWords(kind).en}`,
  }),
};

export const NUMBER_WORDS: LocalizedMessage = { ru: 'числовое поле (integer, number, money или percent)', en: 'a number field (integer, number, money or percent)' };
export const DATE_WORDS: LocalizedMessage = { ru: 'поле даты (date или datetime)', en: 'a date or datetime field' };
