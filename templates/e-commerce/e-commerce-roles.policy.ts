import type { EntityPermission, Role } from '@crm/schemas';
import { l } from './e-commerce-entities.catalog.js';

/*
 * Who may do what in the shop. An operator takes orders and works their own (with their lines,
 * payments and returns), and reads the returns she started for a colleague to handle; a senior manager runs the sales team's orders and gets the big ones; the
 * warehouse packs and ships: it reads every order and handles deliveries and returned goods, but
 * sees no payments. The head of the shop sees everything; prices are set by the head only.
 */

const everything: EntityPermission = { create: 'all', read: 'all', update: 'all', delete: 'all', changeOwner: true };
const readOnly: EntityPermission = { create: 'none', read: 'all', update: 'none', delete: 'none' };
const none: EntityPermission = { create: 'none', read: 'none', update: 'none', delete: 'none' };

export const SHOP_ROLES: Role[] = [
  {
    name: 'sales_operator',
    label: l('Оператор магазина', 'Shop operator'),
    description: l('Принимает заказы и ведёт свои: позиции, платежи, возвраты.', 'Takes orders and works their own: lines, payments, returns.'),
    entities: {
      customer: { create: 'all', read: 'all', update: 'all', delete: 'none' },
      product: readOnly,
      order: { create: 'all', read: 'own', update: 'own', delete: 'none', changeOwner: false },
      order_item: { create: 'all', read: 'own', update: 'own', delete: 'own' },
      payment: { create: 'all', read: 'own', update: 'own', delete: 'none' },
      delivery: { create: 'all', read: 'own', update: 'none', delete: 'none' },
      return_request: { create: 'all', read: 'own', update: 'own', delete: 'none' },
      offer: { create: 'none', read: 'all', update: 'none', delete: 'none' },
    },
    fields: { return_request: { handled_by: 'read' } },
    // A return she started and handed to a colleague (start_return) is theirs, yet hers to follow:
    // the customer calls her about it.
    sharing: [{ name: 'returns_she_started', entity: 'return_request', access: ['read'], condition: { field: 'created_by', op: 'eq', value: '$user.id' } }],
  },
  {
    name: 'senior_manager',
    label: l('Старший менеджер', 'Senior manager'),
    description: l('Ведёт заказы своей команды и получает крупные заказы.', 'Runs the team’s orders and gets the big ones.'),
    entities: {
      customer: { create: 'all', read: 'all', update: 'all', delete: 'team' },
      product: readOnly,
      order: { create: 'all', read: 'team', update: 'team', delete: 'none', changeOwner: true },
      order_item: { create: 'all', read: 'team', update: 'team', delete: 'team' },
      payment: { create: 'all', read: 'team', update: 'team', delete: 'none' },
      delivery: { create: 'all', read: 'team', update: 'team', delete: 'none' },
      return_request: { create: 'all', read: 'team', update: 'team', delete: 'none', changeOwner: true },
      offer: { create: 'all', read: 'all', update: 'all', delete: 'none' },
    },
  },
  {
    name: 'warehouse',
    label: l('Склад и доставка', 'Warehouse and delivery'),
    description: l('Собирает и отправляет заказы, принимает возвраты; платежей не видит.', 'Packs and ships orders and receives returns; sees no payments.'),
    entities: {
      customer: readOnly,
      product: { create: 'none', read: 'all', update: 'all', delete: 'none' },
      order: { create: 'none', read: 'all', update: 'all', delete: 'none' },
      order_item: readOnly,
      payment: none,
      delivery: { create: 'all', read: 'all', update: 'all', delete: 'none', changeOwner: true },
      return_request: { create: 'none', read: 'all', update: 'all', delete: 'none' },
      offer: none,
    },
    fields: { order: { total: 'read', customer: 'read' }, product: { price: 'read' } },
  },
  {
    name: 'shop_head',
    label: l('Руководитель магазина', 'Head of the shop'),
    description: l('Видит всё, задаёт цены.', 'Sees everything and sets the prices.'),
    entities: { customer: everything, product: everything, order: everything, order_item: everything, payment: everything, delivery: everything, return_request: everything, offer: everything },
  },
  {
    name: 'admin',
    label: l('Администратор', 'Administrator'),
    admin: true,
    builder: true,
    entities: { customer: everything, product: everything, order: everything, order_item: everything, payment: everything, delivery: everything, return_request: everything, offer: everything },
  },
];
