import { describe, expect, it } from 'vitest';
import type { Entity } from '@crm/schemas';
import { loopSnippet, loopVariable, templateInserts } from './text-template-fields.mapping.js';

/* The template editor's side panel offers what the runtime's renderer fills in, with the right filter. */

const COMPANY: Entity = { name: 'company', label: { ru: 'Компания', en: 'Company' }, display: 'name', fields: [
  { name: 'name', type: 'text', label: { ru: 'Название', en: 'Name' } },
  { name: 'inn', type: 'text', label: { ru: 'ИНН', en: 'INN' } },
  { name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many' },
] };
const LINE: Entity = { name: 'deal_line', label: { ru: 'Позиция', en: 'Line' }, fields: [
  { name: 'title', type: 'text' },
  { name: 'deal', type: 'relation', target: 'deal' },
  { name: 'product', type: 'relation', target: 'product' },
  { name: 'quantity', type: 'integer' },
  { name: 'price', type: 'money' },
  { name: 'total', type: 'formula', expression: 'quantity * price', resultType: 'number' },
] };
const DEAL: Entity = { name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, display: 'title', fields: [
  { name: 'title', type: 'text', label: { ru: 'Название', en: 'Title' } },
  { name: 'amount', type: 'money', label: { ru: 'Сумма', en: 'Amount' } },
  { name: 'close_date', type: 'date' },
  { name: 'contract', type: 'file' },
  { name: 'company', type: 'relation', target: 'company', label: { ru: 'Компания', en: 'Company' } },
  { name: 'lines', type: 'relation', target: 'deal_line', cardinality: 'one-to-many', label: { ru: 'Позиции', en: 'Lines' } },
] };
const PRODUCT: Entity = { name: 'product', label: { ru: 'Товар', en: 'Product' }, display: 'name', fields: [{ name: 'name', type: 'text' }] };
const APP = { entities: [COMPANY, DEAL, LINE, PRODUCT] };

describe('templateInserts', () => {
  it('offers the record’s fields with the filter of their type, and no files or relations among them', () => {
    const record = templateInserts(APP, 'deal').find((g) => g.key === 'record');
    expect(record?.items.map((i) => i.insert)).toEqual(['{{ record.title }}', '{{ record.amount | money }}', '{{ record.close_date | date }}', '{{ record.owner.name }}']);
  });

  it('offers the fields of a record it points at, one level deep', () => {
    const company = templateInserts(APP, 'deal').find((g) => g.key === 'related.company');
    expect(company?.label).toEqual({ ru: 'Компания', en: 'Company' });
    expect(company?.items.map((i) => i.insert)).toEqual(['{{ record.company.name }}', '{{ record.company.inn }}']);
  });

  it('offers a loop over each list of children, as table rows, naming a child’s related record by its display field', () => {
    const lines = templateInserts(APP, 'deal').find((g) => g.key === 'children.lines');
    expect(lines?.items[0]?.insert).toBe(
      '{% for line in record.lines %}\n<tr><td>{{ line.title }}</td><td>{{ line.product.name }}</td><td>{{ line.quantity | number }}</td><td>{{ line.price | money }}</td><td>{{ line.total | number }}</td></tr>\n{% endfor %}',
    );
  });

  it('ends with the person, today and the filters, words_ru on the entity’s money field', () => {
    const groups = templateInserts(APP, 'deal');
    expect(groups.map((g) => g.key)).toEqual(['record', 'related.company', 'children.lines', 'context', 'filters']);
    expect(groups.at(-1)?.items.map((i) => i.insert)).toContain('{{ record.amount | words_ru }}');
    expect(groups.at(-1)?.items.map((i) => i.insert)).toContain('{{ record.amount | words_en }}');
    expect(groups.find((g) => g.key === 'context')?.items.map((i) => i.insert)).toContain('{{ user.name }}');
  });

  it('offers the document number, in a group of its own before every other, for a numbered document only', () => {
    const keys = (numbered?: boolean) => templateInserts(APP, 'deal', numbered === undefined ? {} : { numbered }).map((g) => g.key);
    expect(keys(true)).toEqual(['document', 'record', 'related.company', 'children.lines', 'context', 'filters']);
    expect(templateInserts(APP, 'deal', { numbered: true }).find((g) => g.key === 'document')?.items.map((i) => i.insert)).toEqual(['{{ document.number }}']);
    expect(keys(false)).not.toContain('document');
    expect(keys()).not.toContain('document');
  });

  it('offers nothing for an entity the definition does not have', () => {
    expect(templateInserts(APP, 'invoice')).toEqual([]);
  });
});

describe('loop variable', () => {
  it('is the singular of a plural list name, else row', () => {
    expect(loopVariable('lines')).toBe('line');
    expect(loopVariable('items')).toBe('item');
    expect(loopVariable('address')).toBe('row');
    expect(loopSnippet('deals', DEAL)).toMatch(/^\{% for deal in record\.deals %\}/);
  });
});
