import { describe, expect, it } from 'vitest';
import { subjectsAtNode } from '@crm/schemas';
import { conditionApp, conditionProcess } from './condition-app.fixture.js';
import { recordFieldPaths, scopeSubjectPaths } from './condition-subjects.mapping.js';
import { conditionSentence } from './condition-sentence.mapping.js';

/* Conditions read back as sentences, with the definition's labels and the locale's numbers. */

const subjects = recordFieldPaths(conditionApp, 'deal');
const ru = (tree: unknown) => conditionSentence(tree, { subjects, locale: 'ru' });
const en = (tree: unknown) => conditionSentence(tree, { subjects, locale: 'en' });
const NBSP = '\u00a0';

describe('conditionSentence', () => {
  const rule = { and: [{ field: 'amount', op: 'gt', value: 100000 }, { field: 'stage', op: 'eq', value: 'negotiation' }] };

  it('reads the brief’s example in Russian and in English', () => {
    expect(ru(rule)).toBe(`Сумма больше 100${NBSP}000 и этап — «Переговоры»`);
    expect(en(rule)).toBe('Amount is greater than 100,000 and stage is "Negotiation"');
  });

  it('names related fields through the relation, lists, ranges, emptiness and dynamic values', () => {
    expect(ru({ field: 'company.city', op: 'eq', value: 'Казань' })).toBe('Компания › Город — «Казань»');
    expect(en({ field: 'priority', op: 'in', value: ['high', 'low'] })).toBe('Priority is one of "High", "Low"');
    expect(ru({ field: 'amount', op: 'between', value: [1000, 5000] })).toBe(`Сумма от 1${NBSP}000 до 5${NBSP}000`);
    expect(en({ field: 'close_date', op: 'lt', value: { $now: '-P7D' } })).toBe('Close date is before 7 days ago');
    expect(ru({ field: 'close_date', op: 'gte', value: '$today' })).toBe('Дата закрытия не раньше сегодня');
    expect(ru({ field: 'manager', op: 'eq', value: '$user' })).toBe('Менеджер — текущий пользователь');
    expect(en({ field: 'hot', op: 'eq', value: true })).toBe('Hot is yes');
    expect(ru({ field: 'title', op: 'isEmpty' })).toBe('Название не заполнено');
  });

  it('brackets nested groups and reads not', () => {
    const tree = { or: [{ field: 'hot', op: 'eq', value: true }, { and: [{ field: 'amount', op: 'gte', value: 5 }, { not: { field: 'title', op: 'isEmpty' } }] }] };
    expect(en(tree)).toBe('Hot is yes or (amount is at least 5 and it is not true that title is empty)');
    expect(ru(tree)).toBe('Горячая — да или (сумма не меньше 5 и неверно, что название не заполнено)');
  });

  it('labels process subjects: the record, earlier steps, now', () => {
    const scope = scopeSubjectPaths(conditionApp, subjectsAtNode(conditionApp, conditionProcess, 'check'));
    expect(conditionSentence({ field: 'record.amount', op: 'gt', value: 100000 }, { subjects: scope, locale: 'en' })).toBe('Record › Amount is greater than 100,000');
    expect(scope.some((s) => s.path === 'steps.score')).toBe(true);
    expect(scope.find((s) => s.path === '$now')?.family).toBe('datetime');
  });

  it('is empty for no condition', () => {
    expect(ru(undefined)).toBe('');
  });
});
