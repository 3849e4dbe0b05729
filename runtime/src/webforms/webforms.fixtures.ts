import type { App, WebForm } from '@crm/schemas';

/*
 * The web forms tests' app: leads with campaign fields, a process that starts on every new lead,
 * a form for the functional tests (generous limit), one with a tight limit for the flood test, and
 * one switched off.
 */

export const CONTACT_US: WebForm = {
  name: 'contact_us',
  label: { ru: 'Оставьте заявку', en: 'Get in touch' },
  description: { ru: 'Мы перезвоним в течение дня', en: 'We will call you back within a day' },
  entity: 'lead',
  fields: [
    { field: 'full_name', label: { ru: 'Как вас зовут', en: 'Your name' } },
    { field: 'email', required: true },
    { field: 'phone' },
    { field: 'interest' },
    { field: 'employees' },
    { field: 'newsletter' },
  ],
  consent: { text: { ru: 'Я согласен на обработку персональных данных', en: 'I agree to the processing of my personal data' } },
  thankYou: { ru: 'Спасибо! Мы скоро свяжемся с вами.', en: 'Thank you! We will be in touch soon.' },
  owner: 'admin@example.com',
  rateLimit: { max: 100, windowMinutes: 10 },
};

export function webFormsTestApp(): App {
  const { owner: _owner, ...unowned } = CONTACT_US;
  return {
    name: 'webforms_test',
    settings: { timezone: 'Europe/Moscow', defaultLocale: 'ru' },
    entities: [
      {
        name: 'lead',
        label: { ru: 'Лид', en: 'Lead' },
        fields: [
          { name: 'full_name', type: 'text', label: { ru: 'Имя', en: 'Name' }, required: true, maxLength: 100 },
          { name: 'email', type: 'email', label: { ru: 'Email', en: 'Email' } },
          { name: 'phone', type: 'phone', label: { ru: 'Телефон', en: 'Phone' }, defaultCountry: 'RU' },
          {
            name: 'interest',
            type: 'enum',
            label: { ru: 'Что интересует', en: 'Interested in' },
            options: [
              { value: 'demo', label: { ru: 'Демонстрация', en: 'A demo' } },
              { value: 'price', label: { ru: 'Цены', en: 'Prices' } },
            ],
          },
          { name: 'employees', type: 'integer', label: { ru: 'Сотрудников', en: 'Employees' }, min: 1 },
          { name: 'newsletter', type: 'boolean', label: { ru: 'Подписаться на новости', en: 'Subscribe to news' } },
          { name: 'status', type: 'enum', options: [{ value: 'new' }, { value: 'qualified' }], default: 'new' },
          { name: 'utm_source', type: 'text' },
          { name: 'utm_campaign', type: 'text' },
        ],
        display: 'full_name',
      },
    ],
    processes: [
      {
        name: 'welcome_lead',
        label: { ru: 'Новый лид', en: 'New lead' },
        mode: 'after-save',
        trigger: { type: 'record', entity: 'lead', on: ['create'] },
        nodes: [{ id: 'call_back', type: 'create_task', config: { title: 'Call {{record.full_name}}', due: 'P1D' } }],
        edges: [{ from: 'trigger', to: 'call_back' }],
      },
    ],
    webForms: [
      CONTACT_US,
      { ...unowned, name: 'flood', rateLimit: { max: 2, windowMinutes: 10 } },
      { ...CONTACT_US, name: 'closed', enabled: false },
    ],
  };
}
