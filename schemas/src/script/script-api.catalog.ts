import type { LocalizedMessage } from '../issues/definition-issue.types.js';

/*
 * What a script node's code is given: its parameters and the `api` it may call. The engine keys
 * its implementation by `ScriptApiName` (so a function listed here without an implementation, or the
 * reverse, does not compile), the publish-time type checker declares `api` from the signatures,
 * and the definition-language reference prints this table. Browser-safe: the builder's code
 * editor reads it for completion.
 */

export type ScriptApiName = 'getRecord' | 'findRecords' | 'createRecord' | 'updateRecord' | 'lock';

export interface ScriptParameter {
  name: 'record' | 'trigger' | 'steps' | 'user' | 'now' | 'api' | 'console';
  /** The TypeScript type the checker gives it (`<Record>` is the trigger entity's record type). */
  type: string;
  description: LocalizedMessage;
}

export interface ScriptApiFunction {
  name: ScriptApiName;
  /** The signature with `entity` standing for any entity name and `Rec` for its record type. */
  signature: string;
  /** Where it may be called: anywhere, or only where the run holds the save's transaction (before-save, test runs). */
  modes: 'any' | 'in-save';
  description: LocalizedMessage;
}

/** The parameters in the order the sandbox passes them: the script is the body of `async function (record, trigger, steps, user, now, api)`. */
export const SCRIPT_PARAMETERS: readonly ScriptParameter[] = [
  {
    name: 'record',
    type: '<Record> | null',
    description: {
      en: 'A copy of the record the run is about, as it is now (null when the process has no record: webhook, schedule, manual without a record). Changing it changes nothing; return values or use api.updateRecord.',
      ru: 'Копия записи, о которой идёт запуск, в её текущем виде (null, если у процесса нет записи: вебхук, расписание, ручной запуск без записи). Изменения копии ни на что не влияют: верните значения или вызовите api.updateRecord.',
    },
  },
  {
    name: 'trigger',
    type: 'object',
    description: {
      en: 'What started the run: the action and previous values of a record change, the body and headers of a webhook, the input of a manual start, the tick of a schedule.',
      ru: 'Что запустило процесс: действие и прежние значения при изменении записи, тело и заголовки вебхука, входные данные ручного запуска, срабатывание расписания.',
    },
  },
  {
    name: 'steps',
    type: '{ [nodeId]: output }',
    description: {
      en: 'The outputs of the steps that ran before this one, by node id (steps.fetch.status, steps.score.value).',
      ru: 'Результаты уже выполненных шагов по id узла (steps.fetch.status, steps.score.value).',
    },
  },
  {
    name: 'user',
    type: 'object | null',
    description: {
      en: 'The person who caused the run: id, email, name, roles, team, manager and custom attributes (null for schedules and webhooks).',
      ru: 'Пользователь, вызвавший запуск: id, email, name, roles, team, manager и дополнительные атрибуты (null для расписаний и вебхуков).',
    },
  },
  {
    name: 'now',
    type: 'string',
    description: { en: 'The time of the step as an ISO 8601 instant (UTC).', ru: 'Время шага в формате ISO 8601 (UTC).' },
  },
  {
    name: 'api',
    type: 'ScriptApi',
    description: {
      en: 'Reads and writes records with the permissions of the person who caused the run (of the process when nobody did). Every call is awaited.',
      ru: 'Чтение и запись записей с правами пользователя, вызвавшего запуск (или процесса, если такого нет). Каждый вызов нужно ждать через await.',
    },
  },
  {
    name: 'console',
    type: 'Console',
    description: {
      en: 'console.log / warn / error write to the run log (200 lines of up to 2,000 characters).',
      ru: 'console.log / warn / error пишут в журнал запуска (до 200 строк по 2 000 символов).',
    },
  },
];

export const SCRIPT_API: Readonly<Record<ScriptApiName, ScriptApiFunction>> = {
  getRecord: {
    name: 'getRecord',
    signature: 'getRecord(entity, id: string): Promise<Rec | null>',
    modes: 'any',
    description: { en: 'One record by id, or null when it does not exist or may not be read.', ru: 'Одна запись по id или null, если её нет или её нельзя читать.' },
  },
  findRecords: {
    name: 'findRecords',
    signature: 'findRecords(entity, filter?: Condition, limit?: number): Promise<Rec[]>',
    modes: 'any',
    description: {
      en: 'Records matching a condition of the condition language (at most `limit`, default 50, at most 200).',
      ru: 'Записи, подходящие под условие на языке условий (не больше `limit`, по умолчанию 50, максимум 200).',
    },
  },
  createRecord: {
    name: 'createRecord',
    signature: 'createRecord(entity, values: Partial<Rec>): Promise<Rec>',
    modes: 'any',
    description: { en: 'Creates a record; the values are validated as in a form.', ru: 'Создаёт запись; значения проверяются так же, как в форме.' },
  },
  updateRecord: {
    name: 'updateRecord',
    signature: 'updateRecord(entity, id: string, values: Partial<Rec>): Promise<Rec>',
    modes: 'any',
    description: { en: 'Changes fields of a record; the values are validated as in a form.', ru: 'Изменяет поля записи; значения проверяются так же, как в форме.' },
  },
  lock: {
    name: 'lock',
    signature: 'lock(...key: Array<string | number | boolean | null>): Promise<void>',
    modes: 'in-save',
    description: {
      en: "Before-save processes (and test runs) only: waits until no other save holds the same key (api.lock('booking', record.specialist)) and holds it until this save is committed or refused, so a check that reads other records and then allows the save cannot be raced. A key another save holds for longer than the script's time limit (at most 1 s) fails the save with LOCK_TIMEOUT (409, try again). Refused at publish in after-save processes.",
      ru: "Только в процессах до сохранения (before-save) и тестовых запусках: ждёт, пока ни одно другое сохранение не держит тот же ключ (api.lock('booking', record.specialist)), и держит его до фиксации или отказа этого сохранения, так что проверку «прочитать другие записи и разрешить» нельзя обойти одновременным сохранением. Если ключ занят дольше лимита времени скрипта (не больше 1 с), сохранение не выполняется с ошибкой LOCK_TIMEOUT (409, повторите). В процессах after-save запрещено при публикации.",
    },
  },
};

/** The most records findRecords returns in one call. */
export const SCRIPT_FIND_LIMIT = 200;
