import { precompiledShapeValidatorsInstalled, type App } from '@crm/schemas';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DraftValidationAnswer } from './definition-validate.types.js';

/*
 * The validation worker, run here as a module (happy-dom's window stands in for the worker's
 * global): it validates with the shape validators generated ahead of time, and answers each draft
 * with its revision and issues.
 */
describe('the draft validation worker', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('uses the precompiled shape validators and answers a draft with its issues', async () => {
    // ARRANGE
    const answers: DraftValidationAnswer[] = [];
    vi.spyOn(self, 'postMessage').mockImplementation((message: unknown) => {
      answers.push(message as DraftValidationAnswer);
    });
    await import('./definition-validate.worker.js');
    const app: App = { name: 'crm', entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'Bad Name', type: 'money' }] }] };

    // ACT
    self.onmessage?.(new MessageEvent('message', { data: { revision: 7, app } }));

    // ASSERT
    expect(precompiledShapeValidatorsInstalled()).toBe(true);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ kind: 'issues', revision: 7 });
    expect(answers[0]?.kind === 'issues' ? answers[0].issues[0]?.pointer : null).toMatch(/^\/entities\/0\/fields\/0/);
  });
});
