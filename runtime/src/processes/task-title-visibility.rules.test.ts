import { describe, expect, it } from 'vitest';
import { titleReadableBy } from './task-title-visibility.rules.js';

const visible = (field: string): boolean => ['title', 'amount'].includes(field);

describe('titleReadableBy', () => {
  it('shows plain words and the engine default', () => {
    expect(titleReadableBy('Подготовить договор', visible)).toBe(true);
    expect(titleReadableBy(undefined, visible)).toBe(true);
  });

  it('shows a title made only of fields of the record the reader may see', () => {
    expect(titleReadableBy('Помочь со сделкой «{{record.title}}» на {{ record.amount }} / {{record.id}}', visible)).toBe(true);
    expect(titleReadableBy({ $ref: 'record.title' }, visible)).toBe(true);
  });

  it('keeps a title naming a field hidden from the reader', () => {
    expect(titleReadableBy('Скидка {{record.discount}}% по {{record.title}}', visible)).toBe(false);
    expect(titleReadableBy({ $ref: 'record.discount' }, visible)).toBe(false);
  });

  it('keeps a title reaching past the record: a relation, a step, the trigger, the run, the user', () => {
    for (const path of ['record.company.city', 'steps.fetch.body.name', 'trigger.input.note', '$run.id', '$user.name', 'record']) {
      expect(titleReadableBy(`Задача: {{${path}}}`, visible), path).toBe(false);
    }
  });

  it('keeps anything else the engine could print', () => {
    expect(titleReadableBy(42, visible)).toBe(false);
    expect(titleReadableBy(['{{record.title}}'], visible)).toBe(false);
    expect(titleReadableBy({ $ref: 'record.title', extra: 1 }, visible)).toBe(false);
  });
});
