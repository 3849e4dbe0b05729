import { describe, expect, it } from 'vitest';
import { fullApp } from '../testing/full-app.fixture.js';
import { validateApp } from './app.validator.js';

function nestedNot(depth: number): unknown {
  let condition: unknown = { field: 'name', op: 'eq', value: 'x' };
  for (let i = 0; i < depth; i += 1) condition = { not: condition };
  return condition;
}

describe('definitions nested too deep', () => {
  it('a condition nested 5,000 deep is an issue pointing into it, not a stack overflow', () => {
    // ARRANGE
    const app = { ...fullApp(), views: [{ name: 'deep', entity: 'company', filter: nestedNot(5000) }] };

    // ACT
    const result = validateApp(app);

    // ASSERT
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.code).toBe('DEFINITION_TOO_DEEP');
    expect(result.issues[0]?.pointer).toMatch(/^\/views\/0\/filter(\/not){90,}$/);
  });

  it('a condition past 32 levels but within the definition cap is the condition checker semantic issue', () => {
    // ACT
    const result = validateApp({ ...fullApp(), views: [{ name: 'deep', entity: 'company', filter: nestedNot(40) }] });

    // ASSERT
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual(['CONDITION_TOO_DEEP']);
  });
});
