import type { Process } from '@crm/schemas';
import { l } from './e-commerce-entities.catalog.js';

/*
 * The shop's automations: a delivery handed over is dated and completes its order; thirty days
 * after delivery the customer gets a repeat-purchase offer, and on their birthday a birthday one
 * (both as an offer record with a promo code and an e-mail); orders over 100 000 ₽ go to the least
 * loaded senior manager; a return is checked against its order before it is saved (the trade rule)
 * and, once saved, gives the warehouse a task to receive the item.
 */

const at = (x: number, y = 0): { x: number; y: number } => ({ x, y });

/** Moscow has no daylight saving: its date is the UTC instant plus three hours. */
const TODAY_SCRIPT = `return { today: new Date(Date.parse(now) + 3 * 3600 * 1000).toISOString().slice(0, 10) };`;

const deliveredStamp: Process = {
  name: 'delivery_date_stamp',
  label: l('Дата вручения', 'Delivery date'),
  description: l('Когда отправление вручено, а дата не указана, ставит сегодняшнюю.', 'When a shipment is delivered with no date, sets today.'),
  mode: 'before-save',
  trigger: { type: 'record', entity: 'delivery', on: ['create', 'update'], condition: { and: [{ field: 'status', op: 'changedTo', value: 'delivered' }, { field: 'delivered_on', op: 'isEmpty' }] } },
  nodes: [
    { id: 'today', type: 'script', label: l('Сегодня', 'Today'), position: at(240), config: { language: 'javascript', source: TODAY_SCRIPT, output: { type: 'object', properties: { today: { type: 'string' } }, required: ['today'] } } },
    { id: 'stamp', type: 'update_record', label: l('Записать дату', 'Set the date'), position: at(480), config: { values: { delivered_on: { $ref: 'steps.today.today' } } } },
    { id: 'done', type: 'end', position: at(720) },
  ],
  edges: [
    { from: 'trigger', to: 'today' },
    { from: 'today', to: 'stamp' },
    { from: 'stamp', to: 'done' },
  ],
};

const deliveryCompletesOrder: Process = {
  name: 'delivery_completes_order',
  label: l('Вручение закрывает заказ', 'Delivery completes the order'),
  description: l('Вручённое отправление переводит заказ в «Доставлен».', 'A delivered shipment moves its order to Delivered.'),
  trigger: { type: 'stage', entity: 'delivery', pipeline: 'delivery_flow', stage: 'delivered', onCreate: false },
  nodes: [
    { id: 'order_delivered', type: 'update_record', label: l('Заказ доставлен', 'Order delivered'), position: at(240), config: { target: { entity: 'order', id: { $ref: 'record.order' } }, values: { status: 'delivered' } } },
    { id: 'done', type: 'end', position: at(480) },
  ],
  edges: [
    { from: 'trigger', to: 'order_delivered' },
    { from: 'order_delivered', to: 'done' },
  ],
};

/** A promo code unique per occasion and record, and the date it is good until (two weeks, Moscow). */
const offerScript = (prefix: string, idPath: string): string => `const customer = await api.getRecord('customer', ${idPath});
const today = Date.parse(now) + 3 * 3600 * 1000;
return {
  email: customer && customer.marketing_consent !== false ? customer.email : '',
  name: customer ? customer.full_name : '',
  code: '${prefix}-' + String(record.id).replace(/-/g, '').slice(0, 8).toUpperCase() + '-' + new Date(today).toISOString().slice(2, 4),
  valid_until: new Date(today + 14 * 86400 * 1000).toISOString().slice(0, 10),
};`;

const OFFER_OUTPUT = {
  type: 'object',
  properties: { email: { type: 'string' }, name: { type: 'string' }, code: { type: 'string' }, valid_until: { type: 'string' } },
  required: ['email', 'name', 'code', 'valid_until'],
};

/**
 * The shape both offers share: a script finds the customer's code and address, an offer record is
 * created, and the customer is written to only when they agreed to mailings.
 */
function offerProcess(
  head: Pick<Process, 'name' | 'label' | 'description' | 'trigger'>,
  code: { prefix: string; customerPath: string },
  offer: Record<string, unknown>,
  mail: { label: Process['label']; subject: string; body: string },
): Process {
  return {
    ...head,
    nodes: [
      { id: 'prepare', type: 'script', label: l('Промокод и адрес', 'Code and address'), position: at(240), config: { language: 'javascript', source: offerScript(code.prefix, code.customerPath), output: OFFER_OUTPUT } },
      { id: 'offer', type: 'create_record', label: l('Создать предложение', 'Create the offer'), position: at(480), config: { entity: 'offer', values: offer } },
      { id: 'consent', type: 'condition', label: l('Можно писать?', 'May we write?'), position: at(720), config: { condition: { field: 'steps.prepare.email', op: 'isNotEmpty' } } },
      { id: 'mail', type: 'email', label: mail.label, position: at(960, -80), config: { to: { $ref: 'steps.prepare.email' }, subject: mail.subject, body: mail.body } },
      { id: 'done', type: 'end', position: at(1200) },
    ],
    edges: [
      { from: 'trigger', to: 'prepare' },
      { from: 'prepare', to: 'offer' },
      { from: 'offer', to: 'consent' },
      { from: 'consent', to: 'mail', handle: 'true' },
      { from: 'consent', to: 'done', handle: 'false' },
      { from: 'mail', to: 'done' },
    ],
  };
}

const repeatPurchase: Process = offerProcess(
  {
    name: 'repeat_purchase_offer',
    label: l('Предложение повторной покупки', 'Repeat-purchase offer'),
    description: l(
      'Через 30 дней после вручения заказа, в 10:00, покупатель получает промокод на 10 % и письмо.',
      'Thirty days after an order is delivered, at 10:00, the customer gets a 10 % promo code by e-mail.',
    ),
    trigger: { type: 'date', entity: 'delivery', field: 'delivered_on', offset: 'P30D', time: '10:00', timezone: 'Europe/Moscow', condition: { field: 'status', op: 'eq', value: 'delivered' } },
  },
  { prefix: 'AGAIN', customerPath: 'record.customer' },
  { code: { $ref: 'steps.prepare.code' }, customer: { $ref: 'record.customer' }, kind: 'repeat_purchase', discount: 10, valid_until: { $ref: 'steps.prepare.valid_until' }, delivery: { $ref: 'record.id' } },
  {
    label: l('Письмо покупателю', 'E-mail the customer'),
    subject: 'Скидка 10 % на следующий заказ',
    body: 'Здравствуйте, {{steps.prepare.name}}!\n\nМесяц назад вы получили заказ — надеемся, всё понравилось. Дарим скидку 10 % на следующую покупку по промокоду {{steps.prepare.code}} до {{steps.prepare.valid_until}}.\n\nВаш интернет-магазин',
  },
);

const birthday: Process = offerProcess(
  {
    name: 'birthday_greeting',
    label: l('Поздравление с днём рождения', 'Birthday greeting'),
    description: l('В день рождения покупателя, в 10:00, — поздравление и промокод на 15 %.', 'On the customer’s birthday, at 10:00, a greeting and a 15 % promo code.'),
    trigger: { type: 'date', entity: 'customer', field: 'birthday', yearly: true, time: '10:00', timezone: 'Europe/Moscow' },
  },
  { prefix: 'BDAY', customerPath: 'record.id' },
  { code: { $ref: 'steps.prepare.code' }, customer: { $ref: 'record.id' }, kind: 'birthday', discount: 15, valid_until: { $ref: 'steps.prepare.valid_until' } },
  {
    label: l('Поздравление', 'Greeting'),
    subject: 'С днём рождения! Подарок внутри',
    body: 'Здравствуйте, {{steps.prepare.name}}!\n\nПоздравляем с днём рождения! Дарим скидку 15 % по промокоду {{steps.prepare.code}} — он действует до {{steps.prepare.valid_until}}.\n\nВаш интернет-магазин',
  },
);

const bigOrders: Process = {
  name: 'big_orders_to_senior',
  label: l('Крупные заказы — старшему менеджеру', 'Big orders to a senior manager'),
  description: l(
    'Заказ больше 100 000 ₽ при создании или изменении суммы передаётся старшему менеджеру с наименьшим числом открытых заказов.',
    'An order over 100,000 RUB, when created or when its total changes, goes to the senior manager with the fewest open orders.',
  ),
  mode: 'before-save',
  trigger: { type: 'record', entity: 'order', on: ['create', 'update'], condition: { and: [{ field: 'total', op: 'changed' }, { field: 'total', op: 'gt', value: 100000 }] } },
  nodes: [
    {
      id: 'senior',
      type: 'assign',
      label: l('Старший менеджер', 'Senior manager'),
      position: at(240),
      config: { strategy: 'role-least-loaded', role: 'senior_manager', loadCondition: { field: 'status', op: 'in', value: ['new', 'paid', 'assembling', 'shipped'] } },
    },
    { id: 'done', type: 'end', position: at(480) },
  ],
  edges: [
    { from: 'trigger', to: 'senior' },
    { from: 'senior', to: 'done' },
  ],
};

/** What a return adds up to with the order's earlier returns (rejected ones do not count). */
const RETURNED_SCRIPT = `const order = await api.getRecord('order', record.order);
const others = await api.findRecords('return_request', { and: [{ field: 'order', op: 'eq', value: order.id }, { field: 'state', op: 'ne', value: 'rejected' }] }, 200);
const already = others.filter((r) => r.id !== record.id).reduce((sum, r) => sum + Number(r.amount || 0), 0);
const returned = already + Number(record.amount || 0);
return { customer: order.customer, returned, total: Number(order.total), within: returned <= Number(order.total) };`;

/**
 * Trade rule: a return is for a delivered order, and all its returns together stay within what was
 * paid for it. Each refusal is a failed end node: the save is refused and the person reads its words
 * (ru/en) next to the field at fault.
 */
const returnRule: Process = {
  name: 'return_within_order',
  label: l('Возврат — в пределах заказа', 'Returns within the order'),
  description: l(
    'Не даёт оформить возврат по недоставленному заказу или на сумму больше заказа (с учётом прежних возвратов).',
    'Refuses a return for an order not delivered, or for more than the order’s total (counting earlier returns).',
  ),
  mode: 'before-save',
  trigger: { type: 'record', entity: 'return_request', on: ['create', 'update'], condition: { or: [{ field: 'amount', op: 'changed' }, { field: 'order', op: 'changed' }] } },
  nodes: [
    // A returned order was delivered too: a further return on it is bounded by the order's total below.
    { id: 'delivered', type: 'condition', label: l('Заказ доставлен?', 'Order delivered?'), position: at(240), config: { condition: { field: 'order.status', op: 'in', value: ['delivered', 'returned'] } } },
    {
      id: 'count',
      type: 'script',
      label: l('Посчитать возвраты', 'Add up the returns'),
      position: at(480),
      config: {
        language: 'javascript',
        source: RETURNED_SCRIPT,
        output: {
          type: 'object',
          properties: { customer: { type: 'string' }, returned: { type: 'number' }, total: { type: 'number' }, within: { type: 'boolean' } },
          required: ['customer', 'returned', 'total', 'within'],
        },
      },
    },
    { id: 'within_total', type: 'condition', label: l('В пределах заказа?', 'Within the order?'), position: at(720), config: { condition: { field: 'steps.count.within', op: 'eq', value: true } } },
    {
      id: 'refuse_not_delivered',
      type: 'end',
      label: l('Отказ: заказ не доставлен', 'Refuse: not delivered'),
      position: at(480, 160),
      config: { status: 'failed', message: l('Вернуть можно только доставленный заказ', 'Only a delivered order can be returned'), field: 'order' },
    },
    {
      id: 'refuse_too_much',
      type: 'end',
      label: l('Отказ: больше суммы заказа', 'Refuse: more than the order'),
      position: at(960, 160),
      config: {
        status: 'failed',
        message: l(
          'Сумма возвратов {{steps.count.returned}} ₽ больше суммы заказа {{steps.count.total}} ₽',
          'Returns of {{steps.count.returned}} ₽ exceed the order total of {{steps.count.total}} ₽',
        ),
        field: 'amount',
      },
    },
    { id: 'link_customer', type: 'update_record', label: l('Покупатель заказа', 'The order’s customer'), position: at(960), config: { values: { customer: { $ref: 'steps.count.customer' } } } },
    { id: 'done', type: 'end', position: at(1200) },
  ],
  edges: [
    { from: 'trigger', to: 'delivered' },
    { from: 'delivered', to: 'count', handle: 'true' },
    { from: 'delivered', to: 'refuse_not_delivered', handle: 'false' },
    { from: 'count', to: 'within_total' },
    { from: 'within_total', to: 'link_customer', handle: 'true' },
    { from: 'within_total', to: 'refuse_too_much', handle: 'false' },
    { from: 'link_customer', to: 'done' },
  ],
};

const returnToWarehouse: Process = {
  name: 'return_to_warehouse',
  label: l('Возврат на склад', 'Return to the warehouse'),
  description: l(
    'Новый возврат: складу по очереди — задача принять товар, менеджеру заказа — уведомление.',
    'A new return: a task for the warehouse (in turn) to receive the item, a notice to the order’s manager.',
  ),
  trigger: { type: 'record', entity: 'return_request', on: ['create'] },
  nodes: [
    { id: 'keeper', type: 'assign', label: l('Кладовщик по очереди', 'Next storekeeper'), position: at(240), config: { strategy: 'role-round-robin', role: 'warehouse', field: 'handled_by' } },
    {
      id: 'receive',
      type: 'create_task',
      label: l('Принять возврат', 'Receive the return'),
      position: at(480),
      config: { title: 'Принять возврат: {{record.title}} / Receive the return', description: 'Сумма к возврату: {{record.amount}} ₽. Причина: {{record.reason}}.', assignee: { $ref: 'steps.keeper.assigned.id' }, due: 'P2D', reminder: 'PT4H' },
    },
    { id: 'done', type: 'end', position: at(720) },
  ],
  edges: [
    { from: 'trigger', to: 'keeper' },
    { from: 'keeper', to: 'receive' },
    { from: 'receive', to: 'done' },
  ],
};

export const SHOP_PROCESSES: Process[] = [deliveredStamp, deliveryCompletesOrder, repeatPurchase, birthday, bigOrders, returnRule, returnToWarehouse];
