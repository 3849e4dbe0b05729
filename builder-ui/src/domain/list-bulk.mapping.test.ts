import { describe, expect, it } from 'vitest';
import { doneIds, refusedLines } from './list-bulk.mapping.js';

describe('bulk outcome', () => {
  const results = [
    { id: 'a', ok: true as const },
    { id: 'b', ok: false as const, code: 'INVALID_TRANSITION', message: 'Cannot move', message_ru: 'Нельзя перевести' },
    { id: 'c', ok: false as const, code: 'NOT_FOUND', message: 'Not found' },
  ];
  const titles: Record<string, string> = { b: 'Поставка', c: 'Сервис' };

  it('names each refused record with the reason in the person’s language', () => {
    expect(refusedLines(results, (id) => titles[id] ?? id, 'ru')).toEqual([
      { id: 'b', title: 'Поставка', reason: 'Нельзя перевести' },
      { id: 'c', title: 'Сервис', reason: 'Not found' },
    ]);
    expect(refusedLines(results, (id) => id, 'en')[0]?.reason).toBe('Cannot move');
    expect(doneIds(results)).toEqual(['a']);
  });
});
