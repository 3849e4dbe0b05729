import type { Condition, Dashboard, Form, View } from '@crm/schemas';
import { l } from './e-commerce-entities.catalog.js';

/* What the shop's people open every day: order and delivery boards, their lists, forms and the sales dashboard. */

const OPEN_ORDER: Condition = { field: 'status', op: 'in', value: ['new', 'paid', 'assembling', 'shipped'] };

export const SHOP_VIEWS: View[] = [
  { name: 'orders_board', label: l('Воронка заказов', 'Order board'), entity: 'order', kind: 'kanban', pipeline: 'order_flow', columns: ['number', 'customer', 'total', 'owner'] },
  {
    name: 'my_orders',
    label: l('Мои заказы в работе', 'My open orders'),
    entity: 'order',
    columns: ['number', 'customer', 'total', 'status', 'ordered_on'],
    filter: { and: [{ field: 'owner', op: 'eq', value: '$user' }, OPEN_ORDER] },
    sort: [{ field: 'ordered_on', dir: 'asc' }],
  },
  { name: 'orders_all', label: l('Все заказы', 'All orders'), entity: 'order', columns: ['number', 'customer', 'total', 'status', 'channel', 'ordered_on', 'owner'], sort: [{ field: 'ordered_on', dir: 'desc' }] },
  { name: 'deliveries_board', label: l('Доставки', 'Deliveries'), entity: 'delivery', kind: 'kanban', pipeline: 'delivery_flow', columns: ['title', 'carrier', 'tracking_number'] },
  { name: 'deliveries_calendar', label: l('Вручения', 'Deliveries by date'), entity: 'delivery', kind: 'calendar', dateField: 'delivered_on', columns: ['title', 'carrier'] },
  { name: 'customers_all', label: l('Покупатели', 'Customers'), entity: 'customer', columns: ['full_name', 'email', 'phone', 'city', 'segment', 'birthday'], sort: [{ field: 'full_name' }] },
  { name: 'products_all', label: l('Каталог', 'Catalogue'), entity: 'product', columns: ['name', 'sku', 'category', 'price', 'stock', 'active'], sort: [{ field: 'name' }] },
  { name: 'low_stock', label: l('Заканчиваются', 'Running low'), entity: 'product', columns: ['name', 'sku', 'stock'], filter: { and: [{ field: 'active', op: 'eq', value: true }, { field: 'stock', op: 'lt', value: 10 }] }, sort: [{ field: 'stock' }] },
  { name: 'payments_all', label: l('Платежи', 'Payments'), entity: 'payment', columns: ['reference', 'order', 'amount', 'method', 'state', 'paid_at'], sort: [{ field: 'paid_at', dir: 'desc' }] },
  { name: 'returns_board', label: l('Возвраты', 'Returns'), entity: 'return_request', kind: 'kanban', groupBy: 'state', columns: ['title', 'amount', 'reason', 'handled_by'] },
  { name: 'offers_all', label: l('Персональные предложения', 'Personal offers'), entity: 'offer', columns: ['code', 'customer', 'kind', 'discount', 'valid_until', 'used'], sort: [{ field: 'created_at', dir: 'desc' }] },
];

export const SHOP_FORMS: Form[] = [
  {
    name: 'order_form',
    label: l('Заказ', 'Order'),
    entity: 'order',
    sections: [
      { label: l('Заказ', 'Order'), columns: 2, fields: [{ field: 'number' }, { field: 'ordered_on' }, { field: 'customer' }, { field: 'channel' }, { field: 'total' }, { field: 'status' }, { field: 'address', span: 2 }] },
      {
        label: l('Отмена', 'Cancellation'),
        columns: 1,
        fields: [{ field: 'cancel_reason', visibleWhen: { field: 'status', op: 'eq', value: 'cancelled' }, requiredWhen: { field: 'status', op: 'eq', value: 'cancelled' } }],
      },
    ],
  },
  { name: 'order_item_form', label: l('Позиция', 'Line'), entity: 'order_item', sections: [{ columns: 2, fields: [{ field: 'order' }, { field: 'product' }, { field: 'title', span: 2 }, { field: 'quantity' }, { field: 'price' }, { field: 'amount' }] }] },
  { name: 'customer_form', label: l('Покупатель', 'Customer'), entity: 'customer', sections: [{ columns: 2, fields: [{ field: 'full_name', span: 2 }, { field: 'email' }, { field: 'phone' }, { field: 'city' }, { field: 'birthday' }, { field: 'segment' }, { field: 'marketing_consent' }] }] },
  { name: 'product_form', label: l('Товар', 'Product'), entity: 'product', sections: [{ columns: 2, fields: [{ field: 'name', span: 2 }, { field: 'sku' }, { field: 'category' }, { field: 'price' }, { field: 'stock' }, { field: 'active' }] }] },
  { name: 'payment_form', label: l('Платёж', 'Payment'), entity: 'payment', sections: [{ columns: 2, fields: [{ field: 'reference' }, { field: 'order' }, { field: 'amount' }, { field: 'method' }, { field: 'state' }, { field: 'paid_at' }] }] },
  {
    name: 'delivery_form',
    label: l('Доставка', 'Delivery'),
    entity: 'delivery',
    sections: [{ columns: 2, fields: [{ field: 'title', span: 2 }, { field: 'order' }, { field: 'customer' }, { field: 'carrier' }, { field: 'tracking_number' }, { field: 'status' }, { field: 'shipped_on' }, { field: 'delivered_on' }] }],
  },
  {
    name: 'return_form',
    label: l('Возврат', 'Return'),
    entity: 'return_request',
    sections: [{ columns: 2, fields: [{ field: 'title', span: 2 }, { field: 'order' }, { field: 'customer' }, { field: 'reason' }, { field: 'amount' }, { field: 'state' }, { field: 'handled_by' }, { field: 'comment', span: 2 }] }],
  },
  { name: 'offer_form', label: l('Предложение', 'Offer'), entity: 'offer', sections: [{ columns: 2, fields: [{ field: 'code' }, { field: 'customer' }, { field: 'kind' }, { field: 'discount' }, { field: 'valid_until' }, { field: 'used' }, { field: 'delivery' }] }] },
];

export const SHOP_DASHBOARDS: Dashboard[] = [
  {
    name: 'shop_sales',
    label: l('Продажи магазина', 'Shop sales'),
    widgets: [
      { name: 'revenue_month', label: l('Выручка за месяц', 'Revenue this month'), kind: 'figure', entity: 'order', metric: { op: 'sum', field: 'total' }, filter: { field: 'status', op: 'nin', value: ['cancelled', 'returned'] }, period: { field: 'ordered_on', range: 'this_month' }, size: 'quarter' },
      { name: 'open_orders', label: l('Заказы в работе', 'Open orders'), kind: 'figure', entity: 'order', filter: OPEN_ORDER, size: 'quarter' },
      { name: 'avg_check', label: l('Средний чек', 'Average order'), kind: 'figure', entity: 'order', metric: { op: 'avg', field: 'total' }, filter: { field: 'status', op: 'nin', value: ['cancelled'] }, size: 'quarter' },
      { name: 'returns_sum', label: l('Возвраты, ₽', 'Returns, RUB'), kind: 'figure', entity: 'return_request', metric: { op: 'sum', field: 'amount' }, filter: { field: 'state', op: 'ne', value: 'rejected' }, size: 'quarter' },
      { name: 'order_funnel', label: l('Заказы по статусам', 'Orders by status'), kind: 'funnel', entity: 'order', pipeline: 'order_flow', metric: { op: 'sum', field: 'total' }, size: 'half' },
      { name: 'revenue_by_month', label: l('Выручка по месяцам', 'Revenue by month'), kind: 'line', entity: 'order', metric: { op: 'sum', field: 'total' }, groupBy: 'ordered_on', dateBucket: 'month', filter: { field: 'status', op: 'nin', value: ['cancelled', 'returned'] }, size: 'half' },
      { name: 'by_channel', label: l('Заказы по каналам', 'Orders by channel'), kind: 'pie', entity: 'order', groupBy: 'channel', size: 'half' },
      { name: 'by_carrier', label: l('Доставки по службам', 'Deliveries by carrier'), kind: 'bar', entity: 'delivery', groupBy: 'carrier', size: 'half' },
      { name: 'biggest_open', label: l('Крупные заказы в работе', 'Biggest open orders'), kind: 'table', entity: 'order', filter: OPEN_ORDER, fields: ['number', 'customer', 'total', 'status', 'owner'], sort: [{ field: 'total', dir: 'desc' }], limit: 10, size: 'full' },
    ],
  },
  {
    name: 'warehouse',
    label: l('Склад и доставка', 'Warehouse and delivery'),
    roles: ['warehouse', 'shop_head'],
    widgets: [
      { name: 'to_pack', label: l('Собрать', 'To pack'), kind: 'figure', entity: 'order', filter: { field: 'status', op: 'in', value: ['paid', 'assembling'] }, size: 'third' },
      { name: 'in_transit', label: l('В пути', 'In transit'), kind: 'figure', entity: 'delivery', filter: { field: 'status', op: 'eq', value: 'in_transit' }, size: 'third' },
      { name: 'returns_open', label: l('Возвраты к приёму', 'Returns to receive'), kind: 'figure', entity: 'return_request', filter: { field: 'state', op: 'eq', value: 'requested' }, size: 'third' },
      { name: 'deliveries_by_status', label: l('Доставки по статусам', 'Deliveries by status'), kind: 'funnel', entity: 'delivery', pipeline: 'delivery_flow', size: 'half' },
      { name: 'low_stock', label: l('Заканчиваются на складе', 'Running low'), kind: 'table', entity: 'product', filter: { and: [{ field: 'active', op: 'eq', value: true }, { field: 'stock', op: 'lt', value: 10 }] }, fields: ['name', 'sku', 'stock'], sort: [{ field: 'stock', dir: 'asc' }], limit: 10, size: 'half' },
    ],
  },
];
