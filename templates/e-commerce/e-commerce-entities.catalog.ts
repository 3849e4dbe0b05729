import type { Entity, LocalizedText, Pipeline, Stage } from '@crm/schemas';

/*
 * An online shop's records: customers, the catalogue, orders with their lines, payments,
 * deliveries, returns, and the personal offers the automations send (repeat purchase, birthday).
 * Money is in roubles; labels in ru and en everywhere.
 */

export const l = (ru: string, en: string): { ru: string; en: string } => ({ ru, en });

const opt = (value: string, ru: string, en: string): { value: string; label: { ru: string; en: string } } => ({ value, label: l(ru, en) });

/** An order from checkout to the customer's hands; cancelled and returned are its other ends. */
export const ORDER_STAGES: Stage[] = [
  { name: 'new', label: l('Новый', 'New'), color: '#9e9e9e', kind: 'open', transitions: ['paid', 'cancelled'] },
  { name: 'paid', label: l('Оплачен', 'Paid'), color: '#2196f3', kind: 'open', transitions: ['assembling', 'cancelled'] },
  { name: 'assembling', label: l('Собирается', 'Being packed'), color: '#ff9800', kind: 'open', transitions: ['shipped', 'cancelled'] },
  { name: 'shipped', label: l('Передан в доставку', 'Shipped'), color: '#9c27b0', kind: 'open', transitions: ['delivered'] },
  { name: 'delivered', label: l('Доставлен', 'Delivered'), color: '#4caf50', kind: 'won', transitions: ['returned'] },
  { name: 'cancelled', label: l('Отменён', 'Cancelled'), color: '#f44336', kind: 'lost', requiredFields: ['cancel_reason'], transitions: [] },
  { name: 'returned', label: l('Возвращён', 'Returned'), color: '#795548', kind: 'lost', transitions: [] },
];

export const DELIVERY_STAGES: Stage[] = [
  { name: 'preparing', label: l('Готовится к отправке', 'Preparing'), color: '#9e9e9e', kind: 'open', transitions: ['in_transit', 'failed'] },
  { name: 'in_transit', label: l('В пути', 'In transit'), color: '#2196f3', kind: 'open', requiredFields: ['tracking_number'], transitions: ['delivered', 'failed'] },
  { name: 'delivered', label: l('Вручено', 'Delivered'), color: '#4caf50', kind: 'won', transitions: [] },
  { name: 'failed', label: l('Не доставлено', 'Failed'), color: '#f44336', kind: 'lost', transitions: ['preparing'] },
];

const stageOptions = (stages: Stage[]): Array<{ value: string; label: LocalizedText; color?: string }> =>
  stages.map((s) => ({ value: s.name, label: s.label ?? l(s.name, s.name), ...(s.color ? { color: s.color } : {}) }));

export const PRODUCT_CATEGORIES = [
  opt('electronics', 'Электроника', 'Electronics'),
  opt('home', 'Дом и кухня', 'Home and kitchen'),
  opt('kids', 'Детские товары', 'Kids'),
  opt('sport', 'Спорт и отдых', 'Sport and leisure'),
  opt('beauty', 'Красота и здоровье', 'Beauty and health'),
];

const customer: Entity = {
  name: 'customer',
  label: l('Покупатель', 'Customer'),
  pluralLabel: l('Покупатели', 'Customers'),
  display: 'full_name',
  search: ['full_name', 'email', 'phone', 'city'],
  fields: [
    { name: 'full_name', type: 'text', label: l('ФИО', 'Full name'), required: true, maxLength: 200 },
    { name: 'email', type: 'email', label: l('Эл. почта', 'Email'), required: true, unique: true, indexed: true },
    { name: 'phone', type: 'phone', label: l('Телефон', 'Phone'), indexed: true },
    { name: 'city', type: 'text', label: l('Город', 'City') },
    { name: 'birthday', type: 'date', label: l('День рождения', 'Birthday') },
    { name: 'segment', type: 'enum', label: l('Сегмент', 'Segment'), default: 'new', options: [opt('new', 'Новый', 'New'), opt('regular', 'Постоянный', 'Regular'), opt('vip', 'VIP', 'VIP')] },
    { name: 'marketing_consent', type: 'boolean', label: l('Согласие на рассылку', 'Marketing consent'), default: true },
    { name: 'orders', type: 'relation', label: l('Заказы', 'Orders'), target: 'order', cardinality: 'one-to-many', inverse: 'customer' },
  ],
};

const product: Entity = {
  name: 'product',
  label: l('Товар', 'Product'),
  pluralLabel: l('Товары', 'Products'),
  display: 'name',
  search: ['name', 'sku'],
  fields: [
    { name: 'name', type: 'text', label: l('Название', 'Name'), required: true, maxLength: 300 },
    { name: 'sku', type: 'text', label: l('Артикул', 'SKU'), required: true, unique: true, pattern: '^[A-Z]{2,4}-\\d{4,6}$' },
    { name: 'category', type: 'enum', label: l('Категория', 'Category'), required: true, options: PRODUCT_CATEGORIES },
    { name: 'price', type: 'money', label: l('Цена', 'Price'), required: true, currency: 'RUB', min: 0 },
    { name: 'stock', type: 'integer', label: l('Остаток на складе', 'In stock'), min: 0, default: 0 },
    { name: 'active', type: 'boolean', label: l('В продаже', 'On sale'), default: true },
  ],
};

const order: Entity = {
  name: 'order',
  label: l('Заказ', 'Order'),
  pluralLabel: l('Заказы', 'Orders'),
  display: 'number',
  search: ['number', 'address'],
  fields: [
    { name: 'number', type: 'text', label: l('Номер', 'Number'), required: true, unique: true, pattern: '^\\d{6}$' },
    { name: 'customer', type: 'relation', label: l('Покупатель', 'Customer'), target: 'customer', required: true },
    { name: 'status', type: 'enum', label: l('Статус', 'Status'), indexed: true, options: stageOptions(ORDER_STAGES) },
    { name: 'total', type: 'money', label: l('Сумма', 'Total'), required: true, currency: 'RUB', min: 0, indexed: true },
    { name: 'ordered_on', type: 'date', label: l('Дата заказа', 'Order date'), default: '$today', indexed: true },
    {
      name: 'channel',
      type: 'enum',
      label: l('Канал', 'Channel'),
      default: 'website',
      options: [opt('website', 'Сайт', 'Website'), opt('app', 'Мобильное приложение', 'Mobile app'), opt('marketplace', 'Маркетплейс', 'Marketplace'), opt('phone', 'По телефону', 'By phone')],
    },
    { name: 'address', type: 'text', label: l('Адрес доставки', 'Delivery address'), maxLength: 500 },
    { name: 'cancel_reason', type: 'text', label: l('Причина отмены', 'Cancellation reason') },
    { name: 'items', type: 'relation', label: l('Позиции', 'Lines'), target: 'order_item', cardinality: 'one-to-many', inverse: 'order' },
  ],
};

const orderItem: Entity = {
  name: 'order_item',
  label: l('Позиция заказа', 'Order line'),
  pluralLabel: l('Позиции заказов', 'Order lines'),
  display: 'title',
  fields: [
    { name: 'title', type: 'text', label: l('Наименование', 'Item'), required: true },
    { name: 'order', type: 'relation', label: l('Заказ', 'Order'), target: 'order', required: true },
    { name: 'product', type: 'relation', label: l('Товар', 'Product'), target: 'product', required: true },
    { name: 'quantity', type: 'integer', label: l('Количество', 'Quantity'), required: true, min: 1, default: 1 },
    { name: 'price', type: 'money', label: l('Цена', 'Price'), required: true, currency: 'RUB', min: 0 },
    { name: 'amount', type: 'formula', label: l('Сумма', 'Amount'), expression: 'quantity * price', resultType: 'number' },
  ],
};

const payment: Entity = {
  name: 'payment',
  label: l('Платёж', 'Payment'),
  pluralLabel: l('Платежи', 'Payments'),
  display: 'reference',
  fields: [
    { name: 'reference', type: 'text', label: l('Номер платежа', 'Reference'), required: true, unique: true },
    { name: 'order', type: 'relation', label: l('Заказ', 'Order'), target: 'order', required: true },
    { name: 'amount', type: 'money', label: l('Сумма', 'Amount'), required: true, currency: 'RUB', min: 0 },
    {
      name: 'method',
      type: 'enum',
      label: l('Способ оплаты', 'Method'),
      required: true,
      options: [opt('card', 'Банковская карта', 'Card'), opt('sbp', 'СБП', 'Faster payments (SBP)'), opt('cod', 'При получении', 'Cash on delivery'), opt('invoice', 'По счёту', 'Invoice')],
    },
    { name: 'state', type: 'enum', label: l('Состояние', 'State'), default: 'pending', options: [opt('pending', 'Ожидает', 'Pending'), opt('paid', 'Проведён', 'Paid'), opt('refunded', 'Возвращён', 'Refunded')] },
    { name: 'paid_at', type: 'datetime', label: l('Проведён', 'Paid at') },
  ],
};

const delivery: Entity = {
  name: 'delivery',
  label: l('Доставка', 'Delivery'),
  pluralLabel: l('Доставки', 'Deliveries'),
  display: 'title',
  search: ['title', 'tracking_number'],
  fields: [
    { name: 'title', type: 'text', label: l('Отправление', 'Shipment'), required: true },
    { name: 'order', type: 'relation', label: l('Заказ', 'Order'), target: 'order', required: true },
    { name: 'customer', type: 'relation', label: l('Покупатель', 'Customer'), target: 'customer', required: true },
    {
      name: 'carrier',
      type: 'enum',
      label: l('Служба доставки', 'Carrier'),
      required: true,
      options: [opt('cdek', 'СДЭК', 'CDEK'), opt('boxberry', 'Boxberry', 'Boxberry'), opt('post', 'Почта России', 'Russian Post'), opt('courier', 'Свой курьер', 'Own courier'), opt('pickup', 'Самовывоз', 'Pickup')],
    },
    { name: 'tracking_number', type: 'text', label: l('Трек-номер', 'Tracking number') },
    { name: 'status', type: 'enum', label: l('Статус', 'Status'), indexed: true, options: stageOptions(DELIVERY_STAGES) },
    { name: 'shipped_on', type: 'date', label: l('Отправлено', 'Shipped on') },
    { name: 'delivered_on', type: 'date', label: l('Вручено', 'Delivered on'), indexed: true },
  ],
};

const returnRequest: Entity = {
  name: 'return_request',
  label: l('Возврат', 'Return'),
  pluralLabel: l('Возвраты', 'Returns'),
  display: 'title',
  fields: [
    { name: 'title', type: 'text', label: l('Возврат', 'Return'), required: true },
    { name: 'order', type: 'relation', label: l('Заказ', 'Order'), target: 'order', required: true },
    { name: 'customer', type: 'relation', label: l('Покупатель', 'Customer'), target: 'customer' },
    {
      name: 'reason',
      type: 'enum',
      label: l('Причина', 'Reason'),
      required: true,
      options: [opt('defect', 'Брак', 'Defect'), opt('not_fit', 'Не подошёл', 'Did not fit'), opt('wrong_item', 'Привезли не то', 'Wrong item'), opt('changed_mind', 'Передумал', 'Changed mind')],
    },
    { name: 'amount', type: 'money', label: l('Сумма к возврату', 'Refund amount'), required: true, currency: 'RUB', min: 0 },
    {
      name: 'state',
      type: 'enum',
      label: l('Состояние', 'State'),
      default: 'requested',
      options: [opt('requested', 'Заявлен', 'Requested'), opt('received', 'Товар получен', 'Item received'), opt('refunded', 'Деньги возвращены', 'Refunded'), opt('rejected', 'Отказано', 'Rejected')],
    },
    { name: 'comment', type: 'longtext', label: l('Комментарий', 'Comment') },
    { name: 'handled_by', type: 'user', label: l('Принимает на складе', 'Received by') },
  ],
};

const offer: Entity = {
  name: 'offer',
  label: l('Персональное предложение', 'Personal offer'),
  pluralLabel: l('Персональные предложения', 'Personal offers'),
  display: 'code',
  fields: [
    { name: 'code', type: 'text', label: l('Промокод', 'Promo code'), required: true, unique: true },
    { name: 'customer', type: 'relation', label: l('Покупатель', 'Customer'), target: 'customer', required: true },
    { name: 'kind', type: 'enum', label: l('Повод', 'Occasion'), required: true, options: [opt('repeat_purchase', 'Повторная покупка', 'Repeat purchase'), opt('birthday', 'День рождения', 'Birthday')] },
    { name: 'discount', type: 'percent', label: l('Скидка', 'Discount'), required: true, min: 1, max: 50 },
    { name: 'valid_until', type: 'date', label: l('Действует до', 'Valid until') },
    { name: 'delivery', type: 'relation', label: l('По доставке', 'After delivery'), target: 'delivery' },
    { name: 'used', type: 'boolean', label: l('Использовано', 'Used'), default: false },
  ],
};

export const SHOP_ENTITIES: Entity[] = [customer, product, order, orderItem, payment, delivery, returnRequest, offer];

export const SHOP_PIPELINES: Pipeline[] = [
  { name: 'order_flow', label: l('Заказы', 'Orders'), entity: 'order', field: 'status', stages: ORDER_STAGES },
  { name: 'delivery_flow', label: l('Доставка', 'Delivery'), entity: 'delivery', field: 'status', stages: DELIVERY_STAGES },
];
