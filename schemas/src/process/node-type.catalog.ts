import type { App, LocalizedText, Node } from '../../generated/definition.types.js';
import { buildCatalog, relationCardinality, type DefinitionCatalog } from '../definition/definition.catalog.js';
import { recordReadSchema } from '../record/record-types.generator.js';
import type { JsonSchema } from '../record/record-schema.types.js';

/*
 * Every node type, declared once (browser-safe): its category and ru/en words for the palette,
 * whether it waits and whether a before-save process may hold it, the title of its definition in
 * process.schema.json, and the JSON Schema of the output it leaves in `steps.<nodeId>`. Publish
 * type-checks references to outputs with it, the builder offers them in pickers, scripts see them
 * as TypeScript types. Keyed by the type union, so a new node type does not compile until it is
 * described here. The output schemas say what engine/src/nodes/*.ts really return
 * (tests/engine/node-output.catalog.integration.test.ts holds them together).
 */

export type NodeCategory = 'logic' | 'records' | 'people' | 'timing' | 'integration' | 'flow';

export interface NodeOutputContext {
  app: App;
  catalog: DefinitionCatalog;
  /** The entity of the record the run is about, when the trigger has one. */
  entity: string | undefined;
}

type NodeOfType<T extends Node['type']> = Extract<Node, { type: T }>;

export interface NodeTypeInfo<T extends Node['type'] = Node['type']> {
  category: NodeCategory;
  label: LocalizedText;
  description: LocalizedText;
  /** The run may stop at this node and go on later (a timer, a person, a child run). */
  waits: boolean;
  /** A before-save process (inside the record's transaction) may hold this node. */
  beforeSave: boolean;
  /** The node's definition in process.schema.json: `#/$defs/<configTitle>`. */
  configTitle: string;
  /** The JSON Schema of `steps.<nodeId>` after the node ran. `{}` means untyped. */
  output(node: NodeOfType<T>, ctx: NodeOutputContext): JsonSchema;
}

export type NodeTypeCatalog = { readonly [T in Node['type']]: NodeTypeInfo<T> };

const STRING: JsonSchema = { type: 'string' };
const INTEGER: JsonSchema = { type: 'integer' };
const BOOLEAN: JsonSchema = { type: 'boolean' };
const UUID: JsonSchema = { type: 'string', format: 'uuid' };
const DATE_TIME: JsonSchema = { type: 'string', format: 'date-time' };
/** A value whose shape the definition does not fix: conditions and scripts read it untyped. */
export const UNTYPED: JsonSchema = {};

function nullable(schema: JsonSchema): JsonSchema {
  const type = schema['type'];
  return { ...schema, type: typeof type === 'string' ? [type, 'null'] : type };
}

/** An object with exactly these keys (none of them promised: a simulated step leaves others). */
export function objectSchema(properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema {
  return { type: 'object', properties, required: [...required], additionalProperties: false };
}

const PERSON = objectSchema({ id: UUID, name: STRING, email: STRING }, ['id']);
const PEOPLE: JsonSchema = { type: 'array', items: PERSON };
/** One approver's answer: who, approved or rejected, with what comment, when. */
const DECISION = objectSchema({ userId: nullable(UUID), outcome: STRING, comment: nullable(STRING), at: UNTYPED });
/** What a simulation leaves instead of the real output (engine/src/simulate). */
const SIMULATED = { simulated: BOOLEAN };

/** A record of the entity, read-shaped; untyped when the entity is unknown. */
export function recordSchema(ctx: NodeOutputContext, entity: string | undefined): JsonSchema {
  return (entity === undefined ? undefined : recordReadSchema(ctx.catalog, entity)) ?? UNTYPED;
}

/** The entity a loop's relation leads to, when the run's record has that relation. */
export function loopTarget(ctx: NodeOutputContext, relation: string): string | undefined {
  if (ctx.entity === undefined) return undefined;
  const field = ctx.catalog.field(ctx.entity, relation);
  return field?.type === 'relation' && relationCardinality(field) !== 'many-to-one' ? field.target : undefined;
}

function words(ru: string, en: string): LocalizedText {
  return { ru, en };
}

export const NODE_TYPES: NodeTypeCatalog = {
  condition: {
    category: 'logic',
    label: words('Условие', 'Condition'),
    description: words('Идёт по ветке true или false: выполнено ли условие.', 'Goes on through true or false: whether the condition holds.'),
    waits: false,
    beforeSave: true,
    configTitle: 'ConditionNode',
    output: () => objectSchema({ result: BOOLEAN }, ['result']),
  },
  switch: {
    category: 'logic',
    label: words('Ветвление', 'Switch'),
    description: words('Идёт по первой ветке, чьё условие выполнено, иначе по default.', 'Goes on through the first case whose condition holds, else default.'),
    waits: false,
    beforeSave: true,
    configTitle: 'SwitchNode',
    output: (node) => objectSchema({ case: { type: 'string', enum: [...node.config.cases.map((c) => c.handle), 'default'] } }, ['case']),
  },
  assign: {
    category: 'people',
    label: words('Назначить', 'Assign'),
    description: words('Назначает ответственного: человека, участника роли по очереди или наименее загруженного, руководителя владельца.', 'Assigns a person: a user, a role member by round-robin or least-loaded, the owner\'s manager.'),
    waits: false,
    beforeSave: true,
    configTitle: 'AssignNode',
    output: () => objectSchema({ field: STRING, assigned: nullable(PERSON), strategy: STRING, reason: nullable(STRING) }, ['field', 'assigned']),
  },
  update_record: {
    category: 'records',
    label: words('Изменить запись', 'Update record'),
    description: words('Записывает значения в поля записи процесса или другой записи.', 'Writes values into the run\'s record or another record.'),
    waits: false,
    beforeSave: true,
    configTitle: 'UpdateRecordNode',
    output: () => objectSchema({ entity: nullable(STRING), id: nullable(UUID), version: INTEGER, values: { type: 'object' } }, ['entity', 'id', 'values']),
  },
  document: {
    category: 'records',
    label: words('Создать документ', 'Create document'),
    description: words('Заполняет шаблон документа по записи процесса (или другой записи, например компании сделки) и сохраняет PDF в этой записи.', 'Fills a document template from the run\'s record (or another record, such as the deal\'s company) and keeps the PDF on that record.'),
    waits: false,
    beforeSave: false,
    configTitle: 'DocumentNode',
    output: () => objectSchema({ fileKey: UUID, fileName: STRING, template: STRING, number: STRING, entity: STRING, recordId: UUID }, ['fileKey', 'fileName', 'template']),
  },
  create_record: {
    category: 'records',
    label: words('Создать запись', 'Create record'),
    description: words('Создаёт запись сущности; её id — выход шага.', 'Creates a record of an entity; its id is the step\'s output.'),
    waits: false,
    beforeSave: true,
    configTitle: 'CreateRecordNode',
    output: (node, ctx) => objectSchema({ entity: STRING, id: UUID, record: recordSchema(ctx, node.config.entity) }, ['entity', 'id', 'record']),
  },
  create_task: {
    category: 'people',
    label: words('Создать задачу', 'Create task'),
    description: words('Ставит задачу человеку.', 'Gives a person a task.'),
    waits: false,
    beforeSave: true,
    configTitle: 'CreateTaskNode',
    output: () => objectSchema({ taskId: nullable(UUID), title: STRING, assignee: PERSON, dueAt: nullable(DATE_TIME) }, ['taskId', 'title', 'assignee']),
  },
  approval: {
    category: 'people',
    label: words('Согласование', 'Approval'),
    description: words('Ждёт решения согласующих: approved, rejected или timeout.', 'Waits for the approvers\' decision: approved, rejected or timeout.'),
    waits: true,
    beforeSave: false,
    configTitle: 'ApprovalNode',
    // Open on purpose (no additionalProperties: false): escalation adds fields, and keys not listed
    // here read as untyped rather than refused.
    output: () => ({
      type: 'object',
      properties: {
        outcome: { type: 'string', enum: ['approved', 'rejected', 'timeout'] },
        decision: { type: 'string', enum: ['approved', 'rejected', 'timeout'] },
        decidedBy: { type: 'array', items: DECISION },
        decisions: { type: 'array', items: DECISION },
        approvers: PEOPLE,
        mode: STRING,
        waitingFor: PEOPLE,
        waiting: STRING,
        escalatedTo: PEOPLE,
        escalatedFrom: PEOPLE,
        escalations: { type: 'array', items: { type: 'object' } },
        round: INTEGER,
        reason: STRING,
        at: DATE_TIME,
        timeoutAt: nullable(DATE_TIME),
        ...SIMULATED,
      },
    }),
  },
  wait: {
    category: 'timing',
    label: words('Ожидание', 'Wait'),
    description: words('Ждёт срок, дату из поля или выполнения условия.', 'Waits for a duration, a date field or a condition.'),
    waits: true,
    beforeSave: false,
    configTitle: 'WaitNode',
    output: () => objectSchema({
      outcome: STRING,
      at: DATE_TIME,
      waited: BOOLEAN,
      reason: STRING,
      until: UNTYPED,
      field: nullable(STRING),
      timeoutAt: nullable(DATE_TIME),
      ...SIMULATED,
    }),
  },
  notify: {
    category: 'people',
    label: words('Уведомление', 'Notify'),
    description: words('Отправляет уведомление людям внутри системы.', 'Sends people an in-app notification.'),
    waits: false,
    beforeSave: true,
    configTitle: 'NotifyNode',
    output: () => objectSchema({ notified: PEOPLE, message: STRING }, ['notified']),
  },
  email: {
    category: 'integration',
    label: words('Письмо', 'Email'),
    description: words('Ставит письмо в очередь отправки.', 'Queues an e-mail.'),
    waits: false,
    beforeSave: true,
    configTitle: 'EmailNode',
    output: () => objectSchema({ to: { type: 'array', items: STRING }, subject: STRING }, ['to']),
  },
  http: {
    category: 'integration',
    label: words('HTTP-запрос', 'HTTP request'),
    description: words('Вызывает внешний адрес; ответ — выход шага.', 'Calls an outside address; the answer is the step\'s output.'),
    waits: false,
    beforeSave: false,
    configTitle: 'HttpNode',
    output: () => objectSchema({
      status: INTEGER,
      headers: { type: 'object', additionalProperties: STRING },
      body: UNTYPED,
      method: STRING,
      url: STRING,
      ...SIMULATED,
    }, ['status']),
  },
  script: {
    category: 'integration',
    label: words('Скрипт', 'Script'),
    description: words('Выполняет код в изолированной песочнице; результат — выход шага.', 'Runs code in an isolated sandbox; its return value is the step\'s output.'),
    waits: false,
    beforeSave: true,
    configTitle: 'ScriptNode',
    // A script may return anything: its output is untyped unless its config declares a schema.
    output: (node) => node.config.output ?? UNTYPED,
  },
  loop: {
    category: 'flow',
    label: words('Цикл', 'Loop'),
    description: words('Проходит ветку each для каждой связанной записи, затем идёт по done.', 'Runs the each branch once per related record, then goes on through done.'),
    waits: false,
    beforeSave: true,
    configTitle: 'LoopNode',
    // Inside the each branch: index, count, id, item; after done: count, done (process-subjects narrows it).
    output: (node, ctx) => objectSchema({
      index: INTEGER,
      count: INTEGER,
      id: UUID,
      item: recordSchema(ctx, loopTarget(ctx, node.config.relation)),
      entity: STRING,
      done: BOOLEAN,
    }, ['count']),
  },
  parallel: {
    category: 'flow',
    label: words('Параллельно', 'Parallel'),
    description: words('Запускает все исходящие ветки сразу.', 'Starts every outgoing branch at once.'),
    waits: false,
    beforeSave: true,
    configTitle: 'ParallelNode',
    output: () => objectSchema({}),
  },
  join: {
    category: 'flow',
    label: words('Слияние', 'Join'),
    description: words('Ждёт ветки, начатые параллельно, и идёт дальше одной.', 'Waits for the branches started in parallel and goes on as one.'),
    waits: false,
    beforeSave: true,
    configTitle: 'JoinNode',
    output: () => objectSchema({}),
  },
  call_process: {
    category: 'flow',
    label: words('Вызвать процесс', 'Call process'),
    description: words('Запускает другой процесс и, если нужно, ждёт его результат.', 'Starts another process and, if asked, waits for its outcome.'),
    waits: true,
    beforeSave: false,
    configTitle: 'CallProcessNode',
    output: () => objectSchema({
      runId: nullable(UUID),
      status: { type: 'string', enum: ['completed', 'failed', 'running', 'waiting'] },
      // What the child's run ended with (its last step's output): processes do not declare it.
      output: UNTYPED,
      process: STRING,
      ...SIMULATED,
    }, ['runId']),
  },
  end: {
    category: 'flow',
    label: words('Конец', 'End'),
    description: words(
      'Завершает ветку (completed) или весь процесс с ошибкой (failed); в процессе до сохранения (before-save) итог failed отменяет сохранение с сообщением.',
      'Ends the branch (completed) or the whole run as failed; in a before-save process, failed refuses the save with its message.',
    ),
    waits: false,
    beforeSave: true,
    configTitle: 'EndNode',
    // The message as the node writes it: one text, or ru/en.
    output: (node) =>
      objectSchema({ status: { type: 'string', enum: ['completed', 'failed'] }, message: typeof node.config?.message === 'object' ? objectSchema({ ru: STRING, en: STRING }, ['en']) : STRING }, ['status']),
  },
};

function outputOf<T extends Node['type']>(node: NodeOfType<T>, info: NodeTypeInfo<T>, ctx: NodeOutputContext): JsonSchema {
  return info.output(node, ctx);
}

function isNodeOf<T extends Node['type']>(node: Node, type: T): node is NodeOfType<T> {
  return node.type === type;
}

function outputFor<T extends Node['type']>(node: Node, type: T, ctx: NodeOutputContext): JsonSchema {
  return isNodeOf(node, type) ? outputOf(node, NODE_TYPES[type], ctx) : UNTYPED;
}

/** The JSON Schema of a node's output (`steps.<id>`), given the run's record entity. */
export function nodeOutputSchema(app: App, node: Node, entity: string | undefined, catalog: DefinitionCatalog = buildCatalog(app)): JsonSchema {
  return outputFor(node, node.type, { app, catalog, entity });
}
