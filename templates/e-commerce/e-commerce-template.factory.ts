import type { TemplateBundle } from '@crm/schemas';
import { l, SHOP_ENTITIES, SHOP_PIPELINES } from './e-commerce-entities.catalog.js';
import { SHOP_MANUAL_PROCESSES } from './e-commerce-manual-processes.catalog.js';
import { SHOP_PROCESSES } from './e-commerce-processes.catalog.js';
import { SHOP_ROLES } from './e-commerce-roles.policy.js';
import { SHOP_DASHBOARDS, SHOP_FORMS, SHOP_VIEWS } from './e-commerce-workspace.catalog.js';
import { generateShopDemo } from './e-commerce-demo.factory.js';

/* The whole e-commerce template: the app definition and its seeded demo people and data. */

export function buildECommerceTemplate(): TemplateBundle {
  const demo = generateShopDemo();
  return {
    name: 'e-commerce',
    version: '1.0.0',
    label: l('Интернет-магазин', 'Online shop'),
    description: l(
      'Покупатели, каталог, заказы с позициями, платежи, доставки и возвраты; предложение повторной покупки через 30 дней после доставки, поздравления с днём рождения, крупные заказы — старшему менеджеру.',
      'Customers, catalogue, orders with lines, payments, deliveries and returns; a repeat-purchase offer 30 days after delivery, birthday greetings, big orders routed to a senior manager.',
    ),
    app: {
      name: 'e_commerce',
      label: l('Интернет-магазин', 'Online shop'),
      settings: { timezone: 'Europe/Moscow', defaultLocale: 'ru', currency: 'RUB' },
      entities: SHOP_ENTITIES,
      pipelines: SHOP_PIPELINES,
      roles: SHOP_ROLES,
      processes: [...SHOP_PROCESSES, ...SHOP_MANUAL_PROCESSES],
      views: SHOP_VIEWS,
      forms: SHOP_FORMS,
      dashboards: SHOP_DASHBOARDS,
    },
    teams: demo.teams,
    users: demo.users,
    data: demo.data,
  };
}
