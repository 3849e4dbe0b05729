import type { App, Entity, Field } from '@crm/schemas';

/*
 * A small sales app for the definition tests, with stable ids written out so tests can rename
 * things the way the builder does (keep the id, change the name). Tests edit a structuredClone in
 * place with the helpers below.
 */
export function salesApp(): App {
  return {
    name: 'sales',
    entities: [
      {
        id: 'ent_company',
        name: 'company',
        label: { en: 'Company', ru: 'Компания' },
        fields: [
          { id: 'fld_company_name', name: 'name', type: 'text', required: true },
          { id: 'fld_company_city', name: 'city', type: 'text' },
        ],
        display: 'name',
        search: ['name'],
      },
      {
        id: 'ent_deal',
        name: 'deal',
        label: { en: 'Deal', ru: 'Сделка' },
        fields: [
          { id: 'fld_deal_title', name: 'title', type: 'text', required: true },
          { id: 'fld_deal_amount', name: 'amount', type: 'integer' },
          {
            id: 'fld_deal_stage',
            name: 'stage',
            type: 'enum',
            options: [{ value: 'new' }, { value: 'won' }, { value: 'lost' }],
          },
          { id: 'fld_deal_company', name: 'company', type: 'relation', target: 'company' },
          { id: 'fld_deal_region', name: 'region', type: 'text' },
        ],
        display: 'title',
        search: ['title'],
      },
    ],
  };
}

export function entityOf(app: App, name: string): Entity {
  const entity = app.entities.find((e) => e.name === name);
  if (!entity) throw new Error(`fixture has no entity ${name}`);
  return entity;
}

export function fieldOf(app: App, entity: string, name: string): Field {
  const field = entityOf(app, entity).fields.find((f) => f.name === name);
  if (!field) throw new Error(`fixture has no field ${entity}.${name}`);
  return field;
}

export function replaceField(app: App, entity: string, name: string, replacement: Field): void {
  const fields = entityOf(app, entity).fields;
  const index = fields.findIndex((f) => f.name === name);
  if (index < 0) throw new Error(`fixture has no field ${entity}.${name}`);
  fields.splice(index, 1, replacement);
}

export function removeField(app: App, entity: string, name: string): void {
  const fields = entityOf(app, entity).fields;
  const index = fields.findIndex((f) => f.name === name);
  if (index < 0) throw new Error(`fixture has no field ${entity}.${name}`);
  fields.splice(index, 1);
}

export function removeEntity(app: App, name: string): void {
  const index = app.entities.findIndex((e) => e.name === name);
  if (index < 0) throw new Error(`fixture has no entity ${name}`);
  app.entities.splice(index, 1);
}
