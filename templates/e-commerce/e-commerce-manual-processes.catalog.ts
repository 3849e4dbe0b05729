import type { EnumOption, Process } from '@crm/schemas';
import { l, SHOP_ENTITIES } from './e-commerce-entities.catalog.js';

/*
 * What a person runs by hand on an order. "Start a return": a customer calls about a delivered
 * order, and the operator (a senior manager or the head of the shop too) answers the start form: why,
 * how much to refund, a comment, and who handles the return (the starter unless they pick someone
 * else). A return record is created for the order with those answers, owned by the handler, and the
 * handler gets a task to see it through by the next day. The shop's own return processes then do
 * their part as for a return entered by hand: return_within_order checks the order was delivered
 * and the refunds stay within its total, and return_to_warehouse gives the next storekeeper a task
 * to receive the item (so the warehouse is always told; the form does not ask). An order not yet
 * delivered gets no return: the starter is told why and the run ends as failed with the same words.
 */

const at = (x: number, y = 0): { x: number; y: number } => ({ x, y });

/** The return's reasons, as the return_request entity offers them: the form and the record never disagree. */
function returnReasons(): EnumOption[] {
  const field = SHOP_ENTITIES.find((e) => e.name === 'return_request')?.fields.find((f) => f.name === 'reason');
  if (field?.type !== 'enum' || !field.options?.length) throw new Error('return_request.reason must be an enum with options: the return form offers its choices');
  return field.options;
}

const NOT_DELIVERED = l(
  'Заказ {{record.number}} ещё не доставлен: возврат не оформлен',
  'Order {{record.number}} is not delivered yet: no return was started',
);

const startReturn: Process = {
  name: 'start_return',
  label: l('Оформить возврат по заказу', 'Start a return'),
  description: l(
    'Оператор или старший менеджер запускает с карточки доставленного заказа и отвечает, почему и на какую сумму возврат и кто им занимается: создаётся возврат по заказу, ответственный получает задачу на 1 день, склад — задачу принять товар.',
    'An operator or a senior manager runs it from a delivered order and says why, for how much and who handles it: a return is created for the order, the handler gets a task due in a day and the warehouse one to receive the item.',
  ),
  trigger: {
    type: 'manual',
    entity: 'order',
    startRoles: ['sales_operator', 'senior_manager', 'shop_head'],
    inputs: [
      { name: 'reason', type: 'enum', label: l('Причина возврата', 'Reason for the return'), required: true, options: returnReasons() },
      {
        name: 'amount',
        type: 'money',
        currency: 'RUB',
        label: l('Сумма к возврату', 'Refund amount'),
        required: true,
        description: l('Вместе с прежними возвратами — не больше суммы заказа', 'With earlier returns, no more than the order’s total'),
      },
      { name: 'comment', type: 'longtext', label: l('Комментарий', 'Comment'), description: l('Что говорит покупатель; ответственный увидит это в задаче', 'What the customer says; the handler reads it in their task') },
      { name: 'handler', type: 'user', label: l('Кто занимается возвратом', 'Who handles the return'), default: '$user', description: l('По умолчанию — вы', 'You, unless you pick someone') },
    ],
  },
  nodes: [
    {
      id: 'delivered',
      type: 'condition',
      label: l('Заказ доставлен?', 'Order delivered?'),
      position: at(240),
      // A returned order was delivered too: a further return on it is bounded by return_within_order.
      config: { condition: { field: 'status', op: 'in', value: ['delivered', 'returned'] } },
    },
    {
      id: 'create_return',
      type: 'create_record',
      label: l('Создать возврат', 'Create the return'),
      position: at(480, -100),
      config: {
        entity: 'return_request',
        values: {
          title: 'Возврат по заказу {{record.number}}',
          order: { $ref: 'record.id' },
          customer: { $ref: 'record.customer' },
          reason: { $ref: 'trigger.input.reason' },
          amount: { $ref: 'trigger.input.amount' },
          comment: { $ref: 'trigger.input.comment' },
          owner: { $ref: 'trigger.input.handler' },
        },
      },
    },
    {
      id: 'handler_task',
      type: 'create_task',
      label: l('Задача ответственному', 'Task for the handler'),
      position: at(720, -100),
      config: {
        title: 'Оформить возврат по заказу {{record.number}} / Handle the return of order {{record.number}}',
        description: 'Сумма к возврату / Refund: {{trigger.input.amount}} ₽. {{trigger.input.comment}}',
        assignee: { $ref: 'trigger.input.handler' },
        due: 'P1D',
        reminder: 'PT2H',
      },
    },
    { id: 'done', type: 'end', position: at(960, -100) },
    { id: 'tell_starter', type: 'notify', label: l('Сообщить, почему нет', 'Say why not'), position: at(480, 100), config: { to: { $ref: '$user.id' }, message: `${NOT_DELIVERED.ru} / ${NOT_DELIVERED.en}` } },
    { id: 'not_delivered', type: 'end', label: l('Заказ не доставлен', 'Not delivered'), position: at(720, 100), config: { status: 'failed', message: NOT_DELIVERED } },
  ],
  edges: [
    { from: 'trigger', to: 'delivered' },
    { from: 'delivered', to: 'create_return', handle: 'true' },
    { from: 'delivered', to: 'tell_starter', handle: 'false' },
    { from: 'create_return', to: 'handler_task' },
    { from: 'handler_task', to: 'done' },
    { from: 'tell_starter', to: 'not_delivered' },
  ],
};

export const SHOP_MANUAL_PROCESSES: Process[] = [startReturn];
