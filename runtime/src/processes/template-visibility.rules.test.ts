import { describe, expect, it } from 'vitest';
import { templateReadableBy } from './template-visibility.rules.js';

const visible = (field: string): boolean => ['title', 'amount'].includes(field);

describe('templateReadableBy', () => {
  it('shows plain words and the engine default', () => {
    expect(templateReadableBy('Подготовить договор', visible)).toBe(true);
    expect(templateReadableBy(undefined, visible)).toBe(true);
  });

  it('shows a title made only of fields of the record the reader may see', () => {
    expect(templateReadableBy('Помочь со сделкой «{{record.title}}» на {{ record.amount }} / {{record.id}}', visible)).toBe(true);
    expect(templateReadableBy({ $ref: 'record.title' }, visible)).toBe(true);
  });

  it('keeps a title naming a field hidden from the reader', () => {
    expect(templateReadableBy('Скидка {{record.discount}}% по {{record.title}}', visible)).toBe(false);
    expect(templateReadableBy({ $ref: 'record.discount' }, visible)).toBe(false);
  });

  it('keeps a title reaching past the record: a relation, a step, the trigger, the run, the user', () => {
    for (const path of ['record.company.city', 'steps.fetch.body.name', 'trigger.input.note', '$run.id', '$user.name', 'record']) {
      expect(templateReadableBy(`Задача: {{${path}}}`, visible), path).toBe(false);
    }
  });

  it('keeps anything else the engine could print', () => {
    expect(templateReadableBy(42, visible)).toBe(false);
    expect(templateReadableBy(['{{record.title}}'], visible)).toBe(false);
    expect(templateReadableBy({ $ref: 'record.title', extra: 1 }, visible)).toBe(false);
  });
});
