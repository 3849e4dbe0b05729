import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { activityValues, curlExample, defaultTelephonyConfig, eventUrl, formFieldOf, linkFieldTo, newCallerValues, telephonyErrors } from './telephony-config.mapping.js';

const app: App = {
  name: 'sales',
  entities: [
    { name: 'company', display: 'name', fields: [{ name: 'name', type: 'text', required: true }, { name: 'phone', type: 'phone' }] },
    { name: 'contact', display: 'last_name', fields: [{ name: 'first_name', type: 'text', required: true }, { name: 'last_name', type: 'text', required: true }, { name: 'phone', type: 'phone' }, { name: 'mobile', type: 'phone' }] },
    {
      name: 'activity',
      display: 'subject',
      fields: [
        { name: 'kind', type: 'enum', options: [{ value: 'call' }, { value: 'meeting' }] },
        { name: 'subject', type: 'text', required: true },
        { name: 'notes', type: 'longtext' },
        { name: 'done', type: 'boolean' },
        { name: 'contact', type: 'relation', target: 'contact' },
        { name: 'contacts', type: 'relation', target: 'contact', cardinality: 'many-to-many' },
      ],
    },
    { name: 'task', display: 'title', fields: [{ name: 'title', type: 'text', required: true }, { name: 'assignee', type: 'user' }, { name: 'contact', type: 'relation', target: 'contact' }] },
  ],
} as unknown as App;

describe('defaultTelephonyConfig', () => {
  it('matches contacts before companies, links the call and the task to the contact, and makes unknown callers contacts', () => {
    const config = defaultTelephonyConfig(app);
    expect(config.match).toEqual([
      { entity: 'contact', phoneFields: ['phone', 'mobile'], activityLink: 'contact', taskLink: 'contact' },
      { entity: 'company', phoneFields: ['phone'] },
    ]);
    expect(config.create).toEqual({ entity: 'contact', phoneField: 'phone', values: { first_name: '{{number}}', last_name: 'Звонок {{number}}' } });
    expect(config.activity).toEqual({ entity: 'activity', values: { kind: 'call', done: 'true', subject: 'Звонок {{from}} → {{to}}' } });
    expect(config.task).toEqual({ entity: 'task', assigneeField: 'assignee', values: { title: 'Перезвонить {{number}}' } });
  });
  it("writes the stored texts in the app's default language, not the builder's", () => {
    const english = { ...app, settings: { defaultLocale: 'en' } } as App;
    const config = defaultTelephonyConfig(english);
    expect(config.create?.values).toEqual({ first_name: '{{number}}', last_name: 'Call {{number}}' });
    expect(config.activity.values).toMatchObject({ subject: 'Call {{from}} → {{to}}' });
    expect(config.task?.values).toEqual({ title: 'Call back {{number}}' });
    const [, contact, activity] = app.entities;
    if (!contact || !activity) throw new Error('fixture');
    expect(newCallerValues(contact, 'en')).toEqual({ first_name: '{{number}}', last_name: 'Call {{number}}' });
    expect(activityValues(activity, 'ru')).toMatchObject({ subject: 'Звонок {{from}} → {{to}}' });
  });
  it('gives a missed call’s task to the entity My work lists as tasks, whatever its name, through the person field its view assigns', () => {
    const chores = {
      ...app,
      entities: [
        ...app.entities.filter((e) => e.name !== 'task'),
        { name: 'chore', display: 'what', fields: [{ name: 'what', type: 'text' }, { name: 'author', type: 'user' }, { name: 'who', type: 'user' }, { name: 'finished', type: 'boolean' }, { name: 'deadline', type: 'datetime' }] },
      ],
      views: [{ name: 'my_chores', entity: 'chore', filter: { field: 'who', op: 'eq', value: '$user' }, sort: [{ field: 'deadline' }] }],
    } as unknown as App;
    expect(defaultTelephonyConfig(chores).task).toEqual({ entity: 'chore', assigneeField: 'who', values: { what: 'Перезвонить {{number}}' } });
  });
  it('takes a many-to-one link, never a many-to-many one', () => {
    expect(linkFieldTo(app, 'activity', 'contact')).toBe('contact');
    expect(linkFieldTo(app, 'activity', 'company')).toBeUndefined();
  });
});

describe('telephonyErrors', () => {
  it('puts each runtime detail on the part of the config it names, joining several', () => {
    const { fields, form } = telephonyErrors(
      [
        { field: 'config.match[0].entity', code: 'X', message: 'There is no entity "x".', message_ru: 'Сущности «x» нет.' },
        { field: 'config.match[1]', code: 'X', message: 'No field.', message_ru: 'Нет поля.' },
        { field: 'config.clickToCallUrl', code: 'X', message: 'http(s) only', message_ru: 'только http(s)' },
        { field: 'name', code: 'NAME_TAKEN', message: 'taken', message_ru: 'занято' },
        { code: 'X', message: 'other', message_ru: 'другое' },
      ],
      'ru',
    );
    expect(fields).toEqual({ match: 'Сущности «x» нет. Нет поля.', clickToCallUrl: 'только http(s)', name: 'занято' });
    expect(form).toEqual(['другое']);
    expect(formFieldOf('config.task')).toBe('task');
    expect(formFieldOf('authorization')).toBeUndefined();
  });
});

describe('what the PBX admin is given', () => {
  it('builds the event URL and a curl example with the secret as a bearer token', () => {
    const url = eventUrl('https://crm.example.com/', 'office');
    expect(url).toBe('https://crm.example.com/api/telephony/office/events');
    const curl = curlExample(url, 'crm_pbx_s3cret');
    expect(curl).toContain("curl -X POST 'https://crm.example.com/api/telephony/office/events'");
    expect(curl).toContain("Authorization: Bearer crm_pbx_s3cret");
    expect(curl).toContain('"event":"ended"');
  });
});
