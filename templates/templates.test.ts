import { describe, expect, it } from 'vitest';
import { listTemplates, readTemplate } from './src/index.js';

/* Every folder under templates/ with a template.json must validate (shape, semantics, demo data). */
describe('templates', () => {
  const names = listTemplates();

  it('there is at least one template', () => {
    // ASSERT
    expect(names.length).toBeGreaterThan(0);
  });

  for (const name of names) {
    it(`${name} validates`, () => {
      // ACT
      const result = readTemplate(name);

      // ASSERT
      const problems = result.ok ? [] : 'issues' in result ? result.issues.map((i) => `${i.pointer || '/'} [${i.code}] ${i.message.en}`) : ['not found'];
      expect(problems, `template ${name}:\n${problems.join('\n')}`).toEqual([]);
    });
  }
});
