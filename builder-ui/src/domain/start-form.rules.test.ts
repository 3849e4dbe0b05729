import { describe, expect, it } from 'vitest';
import type { App, StartInput } from '@crm/schemas';
import { answerMessages, answersToSend, blankAnswers, checkAnswers, startFormOf } from './start-form.rules.js';

/* A manual process's start form in the workspace: its questions, the answers checked before they are sent, refusals by question. */

const app: App = { name: 'crm', entities: [{ name: 'deal', label: { en: 'Deal' }, fields: [{ name: 'title', type: 'text' }] }] };

const INPUTS: StartInput[] = [
  { name: 'new_owner', type: 'user', label: { ru: 'Кому', en: 'To' }, required: true },
  { name: 'reason', type: 'longtext' },
  { name: 'discount', type: 'percent' },
  { name: 'notify', type: 'boolean' },
  { name: 'tags', type: 'multienum', options: [{ value: 'vip' }] },
  { name: 'channel', type: 'enum', options: [{ value: 'call' }, { value: 'email' }] },
];

function form() {
  const made = startFormOf(app, { name: 'hand_over', inputs: INPUTS });
  if (!made) throw new Error('the process asks questions');
  return made;
}

describe('start form', () => {
  it('is none for a process that asks nothing', () => {
    expect(startFormOf(app, { name: 'plain' })).toBeNull();
    expect(startFormOf(app, { name: 'plain', inputs: [] })).toBeNull();
  });

  it('asks each question as the field it is answered like, required as defined', () => {
    const f = form();
    expect(f.fields.map((x) => [x.name, x.type])).toEqual(INPUTS.map((i) => [i.name, i.type]));
    expect(f.states['new_owner']).toEqual({ visible: true, required: true, readOnly: false });
    expect(f.states['reason']?.required).toBe(false);
  });

  it('starts blank: a yes/no question "no", a several-of-a-list one empty', () => {
    expect(blankAnswers(form())).toEqual({ new_owner: null, reason: null, discount: null, notify: false, tags: [], channel: null });
  });

  it('sends only what was answered', () => {
    expect(answersToSend(form(), { ...blankAnswers(form()), reason: 'Leaving', notify: false })).toEqual({ reason: 'Leaving', notify: false });
  });

  it('names the first problem of each question before anything is sent', () => {
    const issues = checkAnswers(form(), { ...blankAnswers(form()), discount: 'ten', channel: 'fax' });
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['new_owner', 'required'],
      ['discount', 'number'],
      ['channel', 'choice'],
    ]);
    expect(checkAnswers(form(), { ...blankAnswers(form()), new_owner: '0b9c8a2e-1f7d-4c3b-9a6e-2d5f8c7b1a90' })).toEqual([]);
  });

  it('puts the server’s refusals next to their questions, in the person’s language', () => {
    const details = [
      { field: 'input.new_owner', code: 'INVALID_REFERENCE', message: 'There is no active user x.', message_ru: 'Нет активного пользователя x.' },
      { field: 'recordId', code: 'REQUIRED', message: 'Give recordId.', message_ru: 'Укажите recordId.' },
    ];
    expect(answerMessages(form(), details, 'ru')).toEqual({ new_owner: 'Нет активного пользователя x.' });
    expect(answerMessages(form(), details, 'en')).toEqual({ new_owner: 'There is no active user x.' });
  });
});
