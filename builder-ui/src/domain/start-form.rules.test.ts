import { describe, expect, it } from 'vitest';
import type { App, StartInput } from '@crm/schemas';
import { answerMessages, answersToSend, blankAnswers, checkAnswers, shownFields, startFormOf, startFormStates } from './start-form.rules.js';

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

const ME = '0b9c8a2e-1f7d-4c3b-9a6e-2d5f8c7b1a90';
const moment = { userId: ME, now: new Date('2026-03-31T22:30:00Z') };

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
    expect(blankAnswers(form(), moment)).toEqual({ new_owner: null, reason: null, discount: null, notify: false, tags: [], channel: null });
  });

  it('opens with each question’s default: the person who starts, today in the app’s timezone, a literal', () => {
    const withDefaults = startFormOf(
      { ...app, settings: { timezone: 'Asia/Vladivostok' } },
      {
        name: 'follow_up',
        inputs: [
          { name: 'who', type: 'user', default: '$user' },
          { name: 'due', type: 'date', default: '$today' },
          { name: 'at', type: 'datetime', default: '$now' },
          { name: 'channel', type: 'enum', options: [{ value: 'call' }], default: 'call' },
          { name: 'notify', type: 'boolean', default: true },
          { name: 'note', type: 'text' },
        ],
      },
    );
    if (!withDefaults) throw new Error('the process asks questions');
    expect(blankAnswers(withDefaults, moment)).toEqual({ who: ME, due: '2026-04-01', at: '2026-03-31T22:30:00.000Z', channel: 'call', notify: true, note: null });
    expect(blankAnswers(withDefaults, { ...moment, userId: null })['who']).toBeNull();
  });

  it('sends every question, one left empty as null so the server does not put a cleared default back', () => {
    expect(answersToSend(form(), { ...blankAnswers(form(), moment), reason: 'Leaving', notify: false, tags: [] })).toEqual({
      new_owner: null,
      reason: 'Leaving',
      discount: null,
      notify: false,
      tags: null,
      channel: null,
    });
  });

  it('names the first problem of each question before anything is sent', () => {
    const issues = checkAnswers(form(), { ...blankAnswers(form(), moment), discount: 'ten', channel: 'fax' });
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['new_owner', 'required'],
      ['discount', 'number'],
      ['channel', 'choice'],
    ]);
    expect(checkAnswers(form(), { ...blankAnswers(form(), moment), new_owner: '0b9c8a2e-1f7d-4c3b-9a6e-2d5f8c7b1a90' })).toEqual([]);
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

describe('a conditional question on the start form', () => {
  const CONDITIONAL: StartInput[] = [
    { name: 'escalate', type: 'boolean' },
    { name: 'boss', type: 'user', required: true, visibleWhen: { question: 'escalate', in: [true] } },
    { name: 'note', type: 'text', visibleWhen: { question: 'boss', in: [ME] } },
  ];
  const conditional = () => {
    const made = startFormOf(app, { name: 'escalate', inputs: CONDITIONAL });
    if (!made) throw new Error('the process asks questions');
    return made;
  };

  it('is shown and required only while the earlier answer is listed, and hides what it alone shows', () => {
    const f = conditional();
    const calm = { ...blankAnswers(f, moment), boss: ME, note: 'kept' };
    expect(shownFields(f, calm).map((x) => x.name)).toEqual(['escalate']);
    expect(startFormStates(f, calm)['boss']).toEqual({ visible: false, required: false, readOnly: false });
    const loud = { ...calm, escalate: true };
    expect(shownFields(f, loud).map((x) => x.name)).toEqual(['escalate', 'boss', 'note']);
    expect(startFormStates(f, loud)['boss']).toEqual({ visible: true, required: true, readOnly: false });
  });

  it('neither checks nor sends a hidden question; checks a shown one', () => {
    const f = conditional();
    const calm = { ...blankAnswers(f, moment), note: 'typed while shown' };
    expect(checkAnswers(f, calm)).toEqual([]);
    expect(answersToSend(f, calm)).toEqual({ escalate: false });
    expect(checkAnswers(f, { ...calm, escalate: true }).map((i) => [i.field, i.code])).toEqual([['boss', 'required']]);
  });
});
