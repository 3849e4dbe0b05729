import { describe, expect, it } from 'vitest';
import type { RunAnswer } from '@crm/schemas';
import { runAnswerLines } from './run-answers.mapping.js';

/* A manual run's answers on the record's timeline: each question's words, each answer as a field of its type reads. */

const ANSWERS: RunAnswer[] = [
  { question: { name: 'colleague', type: 'user', label: { ru: 'Кого попросить', en: 'Whom to ask' } }, value: 'u-1', title: 'Дмитрий Петров' },
  { question: { name: 'urgency', type: 'enum', label: { ru: 'Срочность', en: 'Urgency' }, options: [{ value: 'urgent', label: { ru: 'Срочно', en: 'Urgent' } }] }, value: 'urgent' },
  { question: { name: 'budget', type: 'money', currency: 'USD' }, value: 1500 },
  { question: { name: 'due', type: 'date', label: { ru: 'Срок', en: 'Due' } }, value: '2026-12-31' },
  { question: { name: 'contact', type: 'relation', target: 'contact', label: { ru: 'Контакт', en: 'Contact' } }, value: 'c-1', title: 'Анна Смирнова' },
  { question: { name: 'callback', type: 'boolean', label: { ru: 'Перезвонить', en: 'Call back' } }, value: false },
];

describe('a run’s answers on the timeline', () => {
  it('reads each answer as a field of its type, in the person’s language', () => {
    expect(runAnswerLines(ANSWERS, { locale: 'ru' }).map((l) => `${l.label}: ${l.text}`)).toEqual([
      'Кого попросить: Дмитрий Петров',
      'Срочность: Срочно',
      'budget: 1\u00a0500\u00a0$',
      'Срок: 31.12.2026',
      'Контакт: Анна Смирнова',
      'Перезвонить: Нет',
    ]);
    expect(runAnswerLines(ANSWERS.slice(0, 2), { locale: 'en' }).map((l) => `${l.label}: ${l.text}`)).toEqual(['Whom to ask: Дмитрий Петров', 'Urgency: Urgent']);
  });
});
