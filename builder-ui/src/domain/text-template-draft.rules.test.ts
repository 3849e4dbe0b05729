import { describe, expect, it } from 'vitest';
import { nameFromLabel, newTemplate, refusalText, templateForKind, templateIssues, templateProblems } from './text-template-draft.rules.js';

describe('text template drafts', () => {
  it('makes a name from a Russian label, unique among the taken ones', () => {
    expect(nameFromLabel('Счёт на оплату', [])).toBe('schet_na_oplatu');
    expect(nameFromLabel('КП', ['kp'])).toBe('kp_2');
    expect(nameFromLabel('2024 offer', [])).toBe('t_2024_offer');
    expect(nameFromLabel('!!!', [])).toBe('template');
  });

  it('starts a document with a file name and an email with a subject, both without problems', () => {
    const doc = newTemplate('document', 'deal', { ru: 'Счёт', en: 'Invoice' }, 'invoice');
    expect(doc.fileName).toBe('Счёт');
    expect(doc.subject).toBeUndefined();
    expect(templateProblems(doc)).toEqual({});
    const mail = newTemplate('email', 'deal', { ru: 'Письмо', en: 'Letter' }, 'letter');
    expect(mail.subject).toBe('Письмо');
    expect(templateProblems(mail)).toEqual({});
  });

  it('names every missing part and a malformed name', () => {
    const bad = { ...newTemplate('email', 'deal', { ru: '', en: '' }, 'Bad Name'), subject: ' ', body: '' };
    expect(templateProblems(bad)).toEqual({ name: 'name', labelRu: 'required', labelEn: 'required', subject: 'required', body: 'required' });
  });

  it('names a number format without a counter, with two, or with an unknown token, and sends no numbering with an email', () => {
    const doc = newTemplate('document', 'deal', { ru: 'Счёт', en: 'Invoice' }, 'invoice');
    expect(templateProblems({ ...doc, numbering: { format: 'СЧ-{yyyy}-{n:0000}' } })).toEqual({});
    expect(templateProblems({ ...doc, numbering: { format: 'СЧ-{yyyy}' } })).toEqual({ numberingFormat: 'noCounter' });
    expect(templateProblems({ ...doc, numbering: { format: '{n}{n}' } })).toEqual({ numberingFormat: 'twoCounters' });
    expect(templateProblems({ ...doc, numbering: { format: '{n}-{dd}' } })).toEqual({ numberingFormat: 'unknownToken' });
    expect(templateProblems({ ...doc, numbering: { format: '' } })).toEqual({ numberingFormat: 'required' });
    expect(templateForKind({ ...doc, kind: 'email', numbering: { format: '{n}' } })).not.toHaveProperty('numbering');
    expect(templateForKind({ ...doc, numbering: { format: '{n}' } }).numbering).toEqual({ format: '{n}' });
  });

  it('sends a document without a subject, an email without a file name', () => {
    const switched = { ...newTemplate('email', 'deal', { ru: 'a', en: 'a' }, 'a'), kind: 'document' as const };
    expect(templateForKind(switched)).not.toHaveProperty('subject');
    expect(templateForKind(switched).fileName).toBe('');
  });

  it('reads the server’s refusal with its line', () => {
    expect(templateIssues([{ field: 'body', message: 'tag "endif" not closed', line: 3 }], 'en')).toEqual([{ field: 'body', message: 'tag "endif" not closed', line: 3 }]);
  });
});

describe('refusalText', () => {
  it('reads the details in the person’s language, else the message', () => {
    const error = { message: 'Only admins and builders may change templates.', details: [{ code: 'BUILDER_ONLY', message: 'Only admins and builders may change templates.', message_ru: 'Менять шаблоны могут только администраторы и конструкторы.' }] };
    expect(refusalText(error, 'ru')).toBe('Менять шаблоны могут только администраторы и конструкторы.');
    expect(refusalText({ message: 'Taken', details: [] }, 'ru')).toBe('Taken');
  });
});
