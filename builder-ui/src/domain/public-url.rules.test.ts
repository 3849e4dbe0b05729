import { describe, expect, it } from 'vitest';
import { publicUrlProblem } from './public-url.rules.js';

describe('the public URL field', () => {
  it('takes an absolute http(s) address, with a path, or nothing', () => {
    expect(publicUrlProblem('')).toBeNull();
    expect(publicUrlProblem('https://crm.example.ru')).toBeNull();
    expect(publicUrlProblem(' http://example.ru/crm/ ')).toBeNull();
  });

  it('names what is wrong with anything else', () => {
    expect(publicUrlProblem('crm.example.ru')).toBe('invalid');
    expect(publicUrlProblem('ftp://crm.example.ru')).toBe('scheme');
    expect(publicUrlProblem('javascript:alert(1)')).toBe('scheme');
    expect(publicUrlProblem('https://user:pw@crm.example.ru')).toBe('credentials');
    expect(publicUrlProblem('https://crm.example.ru/?utm=1')).toBe('query');
    expect(publicUrlProblem('https://crm.example.ru/#top')).toBe('query');
  });
});
