import type { LocalizedMessage } from '../issues/definition-issue.types.js';
import { words, type Words } from './subject.words.js';

/*
 * Every semantic message, in Russian and English. `where` names the part of the definition the
 * problem is in (see subject.words.ts); the rest says what is wrong and, where it helps, what would
 * be right.
 */

const q = words.quoted;
const list = (names: readonly string[]): string => (names.length > 0 ? names.join(', ') : '—');
const qList = (names: readonly string[]): LocalizedMessage => ({
  ru: names.map((n) => q(n).ru).join(', '),
  en: names.map((n) => q(n).en).join(', '),
});
/** The first few names and how many more: a cycle can run through thousands of steps. */
const FEW = 10;
const qFew = (names: readonly string[]): LocalizedMessage => {
  if (names.length <= FEW) return qList(names);
  const shown = qList(names.slice(0, FEW));
  const more = names.length - FEW;
  return { ru: `${shown.ru} и ещё ${more}`, en: `${shown.en} and ${more} more` };
};

export const semanticMessages = {
  duplicateEntity: (entity: string): LocalizedMessage => ({
    ru: `Сущность ${q(entity).ru} описана дважды`,
    en: `Entity ${q(entity).en} is defined twice`,
  }),
  duplicateField: (entity: string, field: string): LocalizedMessage => ({
    ru: `Поле ${q(field).ru} в сущности ${q(entity).ru} указано дважды`,
    en: `Field ${q(field).en} appears twice in entity ${q(entity).en}`,
  }),
  duplicatePipeline: (pipeline: string): LocalizedMessage => ({
    ru: `Воронка ${q(pipeline).ru} описана дважды`,
    en: `Pipeline ${q(pipeline).en} is defined twice`,
  }),
  duplicateStage: (pipeline: string, stage: string): LocalizedMessage => ({
    ru: `Этап ${q(stage).ru} в воронке ${q(pipeline).ru} указан дважды`,
    en: `Stage ${q(stage).en} appears twice in pipeline ${q(pipeline).en}`,
  }),
  duplicateRole: (role: string): LocalizedMessage => ({ ru: `Роль ${q(role).ru} описана дважды`, en: `Role ${q(role).en} is defined twice` }),
  duplicateSharingRule: (role: string, rule: string): LocalizedMessage => ({
    ru: `Правило доступа ${q(rule).ru} в роли ${q(role).ru} указано дважды`,
    en: `Sharing rule ${q(rule).en} appears twice in role ${q(role).en}`,
  }),
  duplicateProcess: (process: string): LocalizedMessage => ({
    ru: `Процесс ${q(process).ru} описан дважды`,
    en: `Process ${q(process).en} is defined twice`,
  }),
  duplicateWebhook: (process: string, hook: string, other: string): LocalizedMessage => ({
    ru: `Вебхук ${q(hook).ru} процесса ${q(process).ru} уже использует процесс ${q(other).ru}`,
    en: `Webhook ${q(hook).en} of process ${q(process).en} is already used by process ${q(other).en}`,
  }),
  duplicateView: (view: string): LocalizedMessage => ({
    ru: `Представление ${q(view).ru} описано дважды`,
    en: `View ${q(view).en} is defined twice`,
  }),
  duplicateForm: (form: string): LocalizedMessage => ({ ru: `Форма ${q(form).ru} описана дважды`, en: `Form ${q(form).en} is defined twice` }),
  duplicateFormField: (form: string, field: string): LocalizedMessage => ({
    ru: `Поле ${q(field).ru} в форме ${q(form).ru} указано дважды`,
    en: `Field ${q(field).en} appears twice in form ${q(form).en}`,
  }),
  duplicateNodeId: (process: string, node: string): LocalizedMessage => ({
    ru: `Узел ${q(node).ru} в процессе ${q(process).ru} указан дважды`,
    en: `Node id ${q(node).en} appears twice in process ${q(process).en}`,
  }),
  duplicateCaseHandle: (process: string, node: string, handle: string): LocalizedMessage => ({
    ru: `Ветвь ${q(handle).ru} узла ${q(node).ru} процесса ${q(process).ru} указана дважды (ветвь «default» добавляется сама)`,
    en: `Case ${q(handle).en} of node ${q(node).en} of process ${q(process).en} appears twice (the "default" case is implicit)`,
  }),
  duplicateTemplateUser: (email: string): LocalizedMessage => ({
    ru: `Демо-пользователь ${q(email).ru} указан дважды`,
    en: `Demo user ${q(email).en} appears twice`,
  }),
  duplicateTeam: (team: string): LocalizedMessage => ({ ru: `Команда ${q(team).ru} указана дважды`, en: `Team ${q(team).en} appears twice` }),
  reservedFieldName: (entity: string, field: string, reserved: readonly string[]): LocalizedMessage => ({
    ru: `Поле ${q(field).ru} в сущности ${q(entity).ru} совпадает с системным полем; системные поля: ${list(reserved)}`,
    en: `Field ${q(field).en} of entity ${q(entity).en} clashes with a system field; the system fields are ${list(reserved)}`,
  }),
  reservedNodeId: (process: string, node: string): LocalizedMessage => ({
    ru: `Узел процесса ${q(process).ru} не может называться ${q(node).ru}: так обозначается триггер`,
    en: `A node of process ${q(process).en} cannot be called ${q(node).en}: that id means the trigger`,
  }),
  unknownEntity: (where: Words, entity: string): LocalizedMessage => ({
    ru: `${where.ru} ссылается на сущность ${q(entity).ru}, которой нет`,
    en: `${where.en} refers to entity ${q(entity).en}, which does not exist`,
  }),
  unknownField: (where: Words, entity: string, field: string): LocalizedMessage => ({
    ru: `${where.ru} ссылается на поле ${q(field).ru}, которого нет в сущности ${q(entity).ru}`,
    en: `${where.en} refers to field ${q(field).en}, which entity ${q(entity).en} does not have`,
  }),
  recordRefMismatch: (where: Words, field: string, entity: string): LocalizedMessage => ({
    ru: `${where.ru}: поле ${q(field).ru} не указывает на запись сущности ${q(entity).ru}; выберите связь с ней (например, «Компания» для компании)`,
    en: `${where.en}: field ${q(field).en} does not point to a record of entity ${q(entity).en}; choose a relation to it (e.g. the Company field for a company)`,
  }),
  notTraversable: (where: Words, entity: string, field: string, path: string): LocalizedMessage => ({
    ru: `${where.ru}: в пути ${q(path).ru} поле ${q(field).ru} сущности ${q(entity).ru} не является связью «многие-к-одному», по нему нельзя перейти дальше`,
    en: `${where.en}: in the path ${q(path).en}, field ${q(field).en} of entity ${q(entity).en} is not a many-to-one relation, so the path cannot continue through it`,
  }),
  unknownPipeline: (where: Words, pipeline: string): LocalizedMessage => ({
    ru: `${where.ru} ссылается на воронку ${q(pipeline).ru}, которой нет`,
    en: `${where.en} refers to pipeline ${q(pipeline).en}, which does not exist`,
  }),
  unknownStage: (where: Words, pipeline: string, stage: string, stages: readonly string[]): LocalizedMessage => ({
    ru: `${where.ru} ссылается на этап ${q(stage).ru}, которого нет в воронке ${q(pipeline).ru}; этапы: ${list(stages)}`,
    en: `${where.en} refers to stage ${q(stage).en}, which pipeline ${q(pipeline).en} does not have; its stages are ${list(stages)}`,
  }),
  unknownRole: (where: Words, role: string): LocalizedMessage => ({
    ru: `${where.ru} ссылается на роль ${q(role).ru}, которой нет`,
    en: `${where.en} refers to role ${q(role).en}, which does not exist`,
  }),
  unknownProcess: (where: Words, process: string): LocalizedMessage => ({
    ru: `${where.ru} вызывает процесс ${q(process).ru}, которого нет`,
    en: `${where.en} calls process ${q(process).en}, which does not exist`,
  }),
  unknownTeam: (where: Words, team: string): LocalizedMessage => ({
    ru: `${where.ru} ссылается на команду ${q(team).ru}, которой нет`,
    en: `${where.en} refers to team ${q(team).en}, which does not exist`,
  }),
  missingInverse: (entity: string, field: string, target: string): LocalizedMessage => ({
    ru: `Поле ${q(field).ru} сущности ${q(entity).ru} — связь «один-ко-многим»; укажите в inverse поле-связь «многие-к-одному» сущности ${q(target).ru}, которое указывает обратно на ${q(entity).ru}`,
    en: `Field ${q(field).en} of entity ${q(entity).en} is a one-to-many relation; set inverse to the many-to-one relation field of entity ${q(target).en} that points back to ${q(entity).en}`,
  }),
  invalidInverse: (entity: string, field: string, target: string, inverse: string): LocalizedMessage => ({
    ru: `Поле ${q(field).ru} сущности ${q(entity).ru}: inverse ${q(inverse).ru} должно быть связью «многие-к-одному» сущности ${q(target).ru} на ${q(entity).ru}`,
    en: `Field ${q(field).en} of entity ${q(entity).en}: inverse ${q(inverse).en} must be a many-to-one relation of entity ${q(target).en} pointing to ${q(entity).en}`,
  }),
  wrongFieldType: (where: Words, entity: string, field: string, actual: string, expected: LocalizedMessage): LocalizedMessage => ({
    ru: `${where.ru}: поле ${q(field).ru} сущности ${q(entity).ru} имеет тип ${actual}, а нужно ${expected.ru}`,
    en: `${where.en}: field ${q(field).en} of entity ${q(entity).en} is of type ${actual}, but it must be ${expected.en}`,
  }),
  stageOptionsMismatch: (pipeline: string, entity: string, field: string, missing: readonly string[], extra: readonly string[]): LocalizedMessage => ({
    ru: `Варианты поля ${q(field).ru} сущности ${q(entity).ru} должны совпадать с этапами воронки ${q(pipeline).ru}` +
      (missing.length > 0 ? `; нет вариантов для этапов: ${qList(missing).ru}` : '') +
      (extra.length > 0 ? `; лишние варианты: ${qList(extra).ru}` : ''),
    en: `The options of field ${q(field).en} of entity ${q(entity).en} must equal the stages of pipeline ${q(pipeline).en}` +
      (missing.length > 0 ? `; no option for stages ${qList(missing).en}` : '') +
      (extra.length > 0 ? `; options that are not stages: ${qList(extra).en}` : ''),
  }),
  pipelineFieldTaken: (pipeline: string, other: string, entity: string, field: string): LocalizedMessage => ({
    ru: `Воронка ${q(pipeline).ru} хранит этапы в поле ${q(field).ru} сущности ${q(entity).ru}, которое уже занято воронкой ${q(other).ru}`,
    en: `Pipeline ${q(pipeline).en} keeps its stages in field ${q(field).en} of entity ${q(entity).en}, which pipeline ${q(other).en} already uses`,
  }),
  pipelineEntityMismatch: (where: Words, pipeline: string, pipelineEntity: string, entity: string): LocalizedMessage => ({
    ru: `${where.ru}: воронка ${q(pipeline).ru} относится к сущности ${q(pipelineEntity).ru}, а не к ${q(entity).ru}`,
    en: `${where.en}: pipeline ${q(pipeline).en} belongs to entity ${q(pipelineEntity).en}, not to ${q(entity).en}`,
  }),
  enumWithoutOptions: (entity: string, field: string): LocalizedMessage => ({
    ru: `Поле-список ${q(field).ru} сущности ${q(entity).ru} не имеет вариантов: задайте options или воронку на этом поле`,
    en: `Enum field ${q(field).en} of entity ${q(entity).en} has no options: give it options or a pipeline on this field`,
  }),
  invalidDefault: (entity: string, field: string, value: string, allowed: readonly string[]): LocalizedMessage => ({
    ru: `Значение по умолчанию ${q(value).ru} поля ${q(field).ru} сущности ${q(entity).ru} не входит в варианты: ${list(allowed)}`,
    en: `The default ${q(value).en} of field ${q(field).en} of entity ${q(entity).en} is not one of its options: ${list(allowed)}`,
  }),
  invalidPattern: (entity: string, field: string, reason: string): LocalizedMessage => ({
    ru: `Шаблон (pattern) поля ${q(field).ru} сущности ${q(entity).ru} — недопустимое регулярное выражение: ${reason}`,
    en: `The pattern of field ${q(field).en} of entity ${q(entity).en} is not a valid regular expression: ${reason}`,
  }),
  missingConfig: (where: Words, what: LocalizedMessage): LocalizedMessage => ({ ru: `${where.ru}: ${what.ru}`, en: `${where.en}: ${what.en}` }),
  noRecordContext: (where: Words, trigger: string): LocalizedMessage => ({
    ru: `${where.ru} работает с записью, но триггер процесса (${trigger}) не связан с записью`,
    en: `${where.en} works on a record, but the process trigger (${trigger}) has no record`,
  }),
  readOnlyField: (where: Words, entity: string, field: string): LocalizedMessage => ({
    ru: `${where.ru} записывает поле ${q(field).ru} сущности ${q(entity).ru}, которое доступно только для чтения`,
    en: `${where.en} writes field ${q(field).en} of entity ${q(entity).en}, which is read-only`,
  }),
  missingRequiredValues: (where: Words, entity: string, fields: readonly string[]): LocalizedMessage => ({
    ru: `${where.ru} создаёт запись сущности ${q(entity).ru}, но не задаёт обязательные поля: ${qList(fields).ru}`,
    en: `${where.en} creates a record of entity ${q(entity).en} without the required fields ${qList(fields).en}`,
  }),
  beforeSaveTrigger: (process: string, trigger: string): LocalizedMessage => ({
    ru: `Процесс ${q(process).ru} выполняется до сохранения (before-save), поэтому его триггер должен быть record или stage, а не ${trigger}`,
    en: `Process ${q(process).en} runs before save, so its trigger must be record or stage, not ${trigger}`,
  }),
  beforeSaveNode: (process: string, node: string, type: string): LocalizedMessage => ({
    ru: `Узел ${q(node).ru} (${type}) ждёт, а процесс ${q(process).ru} выполняется до сохранения (before-save) внутри транзакции и ждать не может`,
    en: `Node ${q(node).en} (${type}) waits, but process ${q(process).en} runs before save inside the transaction and cannot wait`,
  }),
  beforeSaveOutside: (process: string, node: string, type: string): LocalizedMessage => ({
    ru: `Узел ${q(node).ru} (${type}) обращается за пределы сохранения, а процесс ${q(process).ru} выполняется до сохранения (before-save): если запись не сохранится, отменить такой вызов нельзя. Сделайте процесс after-save`,
    en: `Node ${q(node).en} (${type}) reaches outside the save, but process ${q(process).en} runs before save: if the save fails, such a call cannot be undone. Make the process after-save`,
  }),
  triggerNotConnected: (process: string): LocalizedMessage => ({
    ru: `Триггер процесса ${q(process).ru} ни с чем не связан: добавьте связь от «trigger» к первому узлу`,
    en: `The trigger of process ${q(process).en} leads nowhere: add an edge from "trigger" to the first node`,
  }),
  unknownNode: (process: string, node: string): LocalizedMessage => ({
    ru: `Связь в процессе ${q(process).ru} ссылается на узел ${q(node).ru}, которого нет`,
    en: `An edge of process ${q(process).en} refers to node ${q(node).en}, which does not exist`,
  }),
  edgeToTrigger: (process: string): LocalizedMessage => ({
    ru: `Связь в процессе ${q(process).ru} ведёт в «trigger»: в триггер нельзя вернуться`,
    en: `An edge of process ${q(process).en} leads into "trigger"; nothing can lead back to the trigger`,
  }),
  unknownHandle: (where: Words, handle: string, allowed: readonly string[]): LocalizedMessage =>
    allowed.length === 0
      ? { ru: `${where.ru} — конечный узел, из него не может выходить связь (${q(handle).ru})`, en: `${where.en} is an end node; no edge may leave it (${q(handle).en})` }
      : {
          ru: `${where.ru} не имеет выхода ${q(handle).ru}; выходы: ${list(allowed)}`,
          en: `${where.en} has no output ${q(handle).en}; its outputs are ${list(allowed)}`,
        },
  unconnectedHandle: (process: string, node: string, handle: string): LocalizedMessage => ({
    ru: `Выход ${q(handle).ru} узла ${q(node).ru} процесса ${q(process).ru} ни с чем не связан`,
    en: `Output ${q(handle).en} of node ${q(node).en} of process ${q(process).en} is not connected`,
  }),
  orphanNode: (process: string, node: string): LocalizedMessage => ({
    ru: `До узла ${q(node).ru} процесса ${q(process).ru} нельзя дойти от триггера`,
    en: `Node ${q(node).en} of process ${q(process).en} cannot be reached from the trigger`,
  }),
  cycle: (process: string, nodes: readonly string[]): LocalizedMessage => ({
    ru: `Узлы ${qFew(nodes).ru} процесса ${q(process).ru} образуют цикл без ожидания, согласования или узла loop — процесс зациклится`,
    en: `Nodes ${qFew(nodes).en} of process ${q(process).en} form a cycle with no wait, approval or loop node in it, so the process would never end`,
  }),
  inCondition: (where: Words, message: LocalizedMessage): LocalizedMessage => ({
    ru: `${where.ru}: ${lowerFirst(message.ru)}`,
    en: `${where.en}: ${lowerFirst(message.en)}`,
  }),
};

/** Lower-cases a leading capital unless it starts an abbreviation ("JSON", "ID"). */
function lowerFirst(text: string): string {
  const [first, second] = text;
  if (first === undefined || second === undefined || second !== second.toLowerCase()) return text;
  return first.toLowerCase() + text.slice(1);
}
