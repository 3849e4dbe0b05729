import type { App, Process } from '@crm/schemas';

/* A small app for the process designer's specs: deals with an amount, a senior manager role. */

export function designerApp(process?: Process): App {
  return {
    name: 'sales',
    entities: [
      {
        name: 'deal',
        label: { ru: 'Сделка', en: 'Deal' },
        fields: [
          { name: 'title', label: { ru: 'Название', en: 'Title' }, type: 'text' },
          { name: 'amount', label: { ru: 'Сумма', en: 'Amount' }, type: 'money' },
        ],
      },
    ],
    roles: [
      { name: 'admin', admin: true },
      { name: 'senior_manager', label: { ru: 'Старший менеджер', en: 'Senior manager' } },
    ],
    processes: process ? [process] : [],
  };
}

/** trigger -> check (condition) -yes-> assign; "no" left open. */
export function bigDealProcess(): Process {
  return {
    name: 'big_deal',
    trigger: { type: 'record', entity: 'deal', on: ['create'] },
    nodes: [
      { id: 'check', type: 'condition', position: { x: 300, y: 0 }, config: { condition: { field: 'amount', op: 'gt', value: 100000 } } },
      { id: 'assign', type: 'assign', position: { x: 600, y: 0 }, config: { strategy: 'role-least-loaded', role: 'senior_manager' } },
    ],
    edges: [
      { from: 'trigger', to: 'check' },
      { from: 'check', to: 'assign', handle: 'true' },
    ],
  };
}
