import type { LocalizedMessage } from '../issues/definition-issue.types.js';

/*
 * How semantic messages name the parts of a definition, at the start of a sentence:
 * words.field('deal', 'amount') -> Поле «amount» сущности «deal» / Field "amount" of entity "deal".
 */

export type Words = LocalizedMessage;

const q = (name: string): Words => ({ ru: `«${name}»`, en: `"${name}"` });

export const words = {
  quoted: q,
  entity: (entity: string): Words => ({ ru: `Сущность ${q(entity).ru}`, en: `Entity ${q(entity).en}` }),
  field: (entity: string, field: string): Words => ({
    ru: `Поле ${q(field).ru} сущности ${q(entity).ru}`,
    en: `Field ${q(field).en} of entity ${q(entity).en}`,
  }),
  pipeline: (pipeline: string): Words => ({ ru: `Воронка ${q(pipeline).ru}`, en: `Pipeline ${q(pipeline).en}` }),
  stage: (pipeline: string, stage: string): Words => ({
    ru: `Этап ${q(stage).ru} воронки ${q(pipeline).ru}`,
    en: `Stage ${q(stage).en} of pipeline ${q(pipeline).en}`,
  }),
  role: (role: string): Words => ({ ru: `Роль ${q(role).ru}`, en: `Role ${q(role).en}` }),
  sharingRule: (role: string, rule: string): Words => ({
    ru: `Правило доступа ${q(rule).ru} роли ${q(role).ru}`,
    en: `Sharing rule ${q(rule).en} of role ${q(role).en}`,
  }),
  trigger: (process: string): Words => ({ ru: `Триггер процесса ${q(process).ru}`, en: `The trigger of process ${q(process).en}` }),
  node: (process: string, node: string): Words => ({
    ru: `Узел ${q(node).ru} процесса ${q(process).ru}`,
    en: `Node ${q(node).en} of process ${q(process).en}`,
  }),
  view: (view: string): Words => ({ ru: `Представление ${q(view).ru}`, en: `View ${q(view).en}` }),
  form: (form: string): Words => ({ ru: `Форма ${q(form).ru}`, en: `Form ${q(form).en}` }),
  templateUser: (email: string): Words => ({ ru: `Демо-пользователь ${q(email).ru}`, en: `Demo user ${q(email).en}` }),
  team: (team: string): Words => ({ ru: `Команда ${q(team).ru}`, en: `Team ${q(team).en}` }),
  demoData: (): Words => ({ ru: 'Демо-данные', en: 'The demo data' }),
};

/** Places a condition can live, named for messages about that condition. */
export const conditionWords = {
  viewFilter: (view: string): Words => ({ ru: `Фильтр представления ${q(view).ru}`, en: `The filter of view ${q(view).en}` }),
  sharingRule: (role: string, rule: string): Words => ({
    ru: `Условие правила доступа ${q(rule).ru} роли ${q(role).ru}`,
    en: `The condition of sharing rule ${q(rule).en} of role ${q(role).en}`,
  }),
  trigger: (process: string): Words => ({ ru: `Условие триггера процесса ${q(process).ru}`, en: `The trigger condition of process ${q(process).en}` }),
  node: (process: string, node: string): Words => ({
    ru: `Условие узла ${q(node).ru} процесса ${q(process).ru}`,
    en: `The condition of node ${q(node).en} of process ${q(process).en}`,
  }),
  switchCase: (process: string, node: string, handle: string): Words => ({
    ru: `Условие ветви ${q(handle).ru} узла ${q(node).ru} процесса ${q(process).ru}`,
    en: `The condition of case ${q(handle).en} of node ${q(node).en} of process ${q(process).en}`,
  }),
  waitUntil: (process: string, node: string): Words => ({
    ru: `Условие ожидания узла ${q(node).ru} процесса ${q(process).ru}`,
    en: `The wait condition of node ${q(node).en} of process ${q(process).en}`,
  }),
  loopFilter: (process: string, node: string): Words => ({
    ru: `Фильтр цикла узла ${q(node).ru} процесса ${q(process).ru}`,
    en: `The loop filter of node ${q(node).en} of process ${q(process).en}`,
  }),
  assignLoad: (process: string, node: string): Words => ({
    ru: `Условие нагрузки узла ${q(node).ru} процесса ${q(process).ru}`,
    en: `The load condition of node ${q(node).en} of process ${q(process).en}`,
  }),
  formVisible: (form: string, field: string): Words => ({
    ru: `Условие видимости поля ${q(field).ru} формы ${q(form).ru}`,
    en: `The visibility condition of field ${q(field).en} of form ${q(form).en}`,
  }),
  formRequired: (form: string, field: string): Words => ({
    ru: `Условие обязательности поля ${q(field).ru} формы ${q(form).ru}`,
    en: `The required-when condition of field ${q(field).en} of form ${q(form).en}`,
  }),
  sectionVisible: (form: string, index: number): Words => ({
    ru: `Условие видимости раздела ${index + 1} формы ${q(form).ru}`,
    en: `The visibility condition of section ${index + 1} of form ${q(form).en}`,
  }),
};
