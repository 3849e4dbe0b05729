import { describe, expect, it } from 'vitest';
import type { App } from '../../generated/definition.types.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { entityNamed, fullApp } from '../testing/full-app.fixture.js';
import { validateApp } from '../validation/app.validator.js';

function issuesAfter(change: (app: App) => void): DefinitionIssue[] {
  const app = fullApp();
  change(app);
  const result = validateApp(app);
  return result.ok ? [] : result.issues;
}

describe('patterns the linear-time engine cannot run are refused at publish', () => {
  it('a lookahead in a text field pattern is PATTERN_UNSUPPORTED, naming the field', () => {
    // ACT
    const issues = issuesAfter((app) => entityNamed(app, 'company').fields.push({ name: 'inn', type: 'text', pattern: '^(?=\\d{10}$)\\d+$' }));

    // ASSERT
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([['PATTERN_UNSUPPORTED', '/entities/0/fields/5/pattern']]);
    expect(issues[0]?.message.en).toContain('Field "inn" of entity "company"');
    expect(issues[0]?.message.ru).toContain('Поле «inn» сущности «company»');
  });

  it('a backreference is refused too; a pathological but regular pattern is accepted (it runs in linear time)', () => {
    // ACT
    const backreference = issuesAfter((app) => entityNamed(app, 'company').fields.push({ name: 'twice', type: 'text', pattern: '^(a)\\1$' }));
    const nested = issuesAfter((app) => entityNamed(app, 'company').fields.push({ name: 'as', type: 'text', pattern: '^(a+)+$' }));

    // ASSERT
    expect(backreference.map((i) => i.code)).toEqual(['PATTERN_UNSUPPORTED']);
    expect(nested).toEqual([]);
  });

  it('patterns inside a webhook body schema are checked, with the pointer into the schema', () => {
    // ACT
    const issues = issuesAfter((app) => {
      const hook = (app.processes ?? []).find((p) => p.name === 'lead_hook');
      if (hook?.trigger.type !== 'webhook') throw new Error('fixture has the lead_hook webhook');
      hook.trigger.schema = {
        type: 'object',
        properties: { company: { type: 'string', pattern: '^(?!test)' } },
        patternProperties: { '^x-(?<=x-)': { type: 'string' } },
      };
    });

    // ASSERT
    expect(issues.map((i) => [i.code, i.pointer, i.process])).toEqual([
      ['PATTERN_UNSUPPORTED', '/processes/5/trigger/schema/properties/company/pattern', 'lead_hook'],
      ['PATTERN_UNSUPPORTED', '/processes/5/trigger/schema/patternProperties/^x-(?<=x-)', 'lead_hook'],
    ]);
  });
});
