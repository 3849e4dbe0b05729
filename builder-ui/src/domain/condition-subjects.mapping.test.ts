import { describe, expect, it } from 'vitest';
import { subjectsAtNode } from '@crm/schemas';
import { conditionApp, conditionProcess } from './condition-app.fixture.js';
import { fieldOptions, findSubject, recordFieldPaths, scopeSubjectPaths, subjectLabel, subjectPathsFor } from './condition-subjects.mapping.js';
import { leafSentence } from './condition-sentence.mapping.js';

/* What a condition can name, with labels and families. */

describe('recordFieldPaths', () => {
  const paths = recordFieldPaths(conditionApp, 'deal');
  const byPath = new Map(paths.map((p) => [p.path, p]));

  it('lists the fields, follows many-to-one relations and adds the record’s owner and dates', () => {
    expect(byPath.get('amount')?.family).toBe('number');
    expect(byPath.get('company.city')).toMatchObject({ family: 'text' });
    expect(subjectLabel(byPath.get('company.city') ?? { labels: [] }, 'ru')).toBe('Компания › Город');
    expect(byPath.get('owner')?.family).toBe('uuid');
    expect(byPath.get('created_at')?.family).toBe('datetime');
  });

  it('gives an enum its options, a pipeline’s stages included, with labels and colours', () => {
    expect(byPath.get('stage')?.options.map((o) => o.value)).toEqual(['new', 'negotiation', 'won']);
    expect(byPath.get('priority')?.options[0]).toEqual({ value: 'high', label: { ru: 'Высокий', en: 'High' }, color: '#d03050' });
    const stage = conditionApp.entities[1]?.fields.find((f) => f.name === 'stage');
    expect(stage && fieldOptions(conditionApp, 'deal', stage).length).toBe(3);
  });
});

describe('scopeSubjectPaths', () => {
  it('offers the record under record., the trigger, earlier steps, $user and $now', () => {
    const paths = scopeSubjectPaths(conditionApp, subjectsAtNode(conditionApp, conditionProcess, 'check')).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['record.amount', 'record.company.city', 'steps.score', '$user.email', '$now']));
    expect(paths.some((p) => p.startsWith('trigger.'))).toBe(true);
    expect(paths).not.toContain('steps.check');
  });

  it('falls back to the entity’s fields without subjects, and to nothing without an entity', () => {
    expect(subjectPathsFor(conditionApp, 'company', undefined).map((p) => p.path)).toContain('city');
    expect(subjectPathsFor(conditionApp, undefined, undefined)).toEqual([]);
  });
});

describe('findSubject', () => {
  const scope = scopeSubjectPaths(conditionApp, subjectsAtNode(conditionApp, conditionProcess, 'check'));

  it('finds a path as written, and a bare field name in a process node as the record’s field', () => {
    expect(findSubject(scope, 'record.amount')?.path).toBe('record.amount');
    expect(findSubject(scope, 'amount')?.path).toBe('record.amount');
    expect(findSubject(scope, 'company.city')?.path).toBe('record.company.city');
    expect(findSubject(scope, '$now')?.path).toBe('$now');
  });

  it('finds nothing for a name the record does not have, an empty field or a wrong record path', () => {
    expect(findSubject(scope, 'no_such_field')).toBeUndefined();
    expect(findSubject(scope, '')).toBeUndefined();
    expect(findSubject(scope, 'record.no_such_field')).toBeUndefined();
  });

  it('reads a bare field name in a process node with the field’s label (regression: it read "amount")', () => {
    const ru = leafSentence({ field: 'amount', op: 'gt', value: 100000 }, { subjects: scope, locale: 'ru' });
    expect(ru).toBe(leafSentence({ field: 'record.amount', op: 'gt', value: 100000 }, { subjects: scope, locale: 'ru' }));
    expect(ru).not.toContain('amount');
  });
});
