import { describe, expect, it } from 'vitest';
import type { Entity } from '@crm/schemas';
import { emailErrors, emailRecipients, recipientRelations, splitAddresses } from './text-template-email.mapping.js';

/* The "write email" dialog starts addressed to the record's people, and puts each refusal under its address. */

const CONTACT: Entity = { name: 'contact', label: { ru: 'Контакт', en: 'Contact' }, fields: [
  { name: 'last_name', type: 'text' },
  { name: 'email', type: 'email' },
] };
const COMPANY: Entity = { name: 'company', label: { ru: 'Компания', en: 'Company' }, fields: [
  { name: 'name', type: 'text' },
  { name: 'email', type: 'email' },
  { name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many' },
] };
const DEAL: Entity = { name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [
  { name: 'title', type: 'text' },
  { name: 'billing_email', type: 'email' },
  { name: 'company', type: 'relation', target: 'company' },
  { name: 'contact', type: 'relation', target: 'contact' },
  { name: 'product', type: 'relation', target: 'product' },
] };
const APP = { entities: [CONTACT, COMPANY, DEAL, { name: 'product', label: { ru: 'Товар', en: 'Product' }, fields: [{ name: 'name', type: 'text' }] } satisfies Entity] };

describe('emailRecipients', () => {
  it('asks to expand only the relations whose target has an e-mail field', () => {
    expect(recipientRelations(APP, 'deal')).toEqual(['company', 'contact']);
  });

  it('takes the record’s own addresses first, then its related records’, each once', () => {
    const deal = {
      title: 'Поставка',
      billing_email: ' buh@romashka.ru ',
      company: { id: 'c1', name: 'Ромашка', email: 'BUH@romashka.ru' },
      contact: { id: 'p1', last_name: 'Иванов', email: 'ivanov@romashka.ru' },
    };
    expect(emailRecipients(APP, 'deal', deal)).toEqual(['buh@romashka.ru', 'ivanov@romashka.ru']);
  });

  it('skips a relation that came back as an id or as null (not readable)', () => {
    expect(emailRecipients(APP, 'deal', { company: 'c1', contact: null })).toEqual([]);
    expect(emailRecipients(APP, 'contact', { email: 'a@b.ru' })).toEqual(['a@b.ru']);
  });
});

describe('splitAddresses', () => {
  it('splits on commas, semicolons and spaces', () => {
    expect(splitAddresses(' a@b.ru, c@d.ru;e@f.ru\n g@h.ru ,')).toEqual(['a@b.ru', 'c@d.ru', 'e@f.ru', 'g@h.ru']);
  });
});

describe('emailErrors', () => {
  it('names the address each refusal is about, by its value or its place', () => {
    const errors = emailErrors(
      [
        { field: 'to', value: 'bad@', message: 'Not an e-mail address', message_ru: 'Это не адрес почты' },
        { field: 'to.1', message: 'Not an e-mail address' },
        { field: 'subject', message: 'Required' },
      ],
      ['ok@b.ru', 'also bad'],
      'ru',
    );
    expect(errors.to).toEqual(['bad@: Это не адрес почты', 'also bad: Not an e-mail address']);
    expect(errors.subject).toEqual(['Required']);
    expect(errors.other).toEqual([]);
  });
});
