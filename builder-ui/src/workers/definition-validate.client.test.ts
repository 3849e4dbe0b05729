import type { App, DefinitionIssue } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { DRAFT_NOT_CHECKED, startDraftValidator } from './definition-validate.client.js';

/*
 * Without a worker (happy-dom has none) the draft is validated on the page's thread. A check that
 * cannot run there (under the builder's policy Ajv may not compile: an EvalError) must not leave
 * the draft looking clean or its check pending forever: the answer says it was not checked.
 */

function answers(): { listener: (revision: number, issues: DefinitionIssue[]) => void; next: Promise<{ revision: number; issues: DefinitionIssue[] }> } {
  let resolve: (value: { revision: number; issues: DefinitionIssue[] }) => void = () => undefined;
  const next = new Promise<{ revision: number; issues: DefinitionIssue[] }>((r) => (resolve = r));
  return { listener: (revision, issues) => resolve({ revision, issues }), next };
}

describe('startDraftValidator on the page thread', () => {
  it('answers the issues of a draft', async () => {
    const { listener, next } = answers();
    startDraftValidator(listener).validate(1, { version: 1, entities: [{ name: 'Deal', fields: [] }] } as unknown as App);
    const answer = await next;
    expect(answer.revision).toBe(1);
    expect(answer.issues.length).toBeGreaterThan(0);
    expect(answer.issues.map((i) => i.code)).not.toContain(DRAFT_NOT_CHECKED);
  });

  it('answers "not checked", in both languages, when the check itself fails', async () => {
    const { listener, next } = answers();
    const refusing = new Proxy({} as App, {
      get() {
        throw new EvalError('Refused to evaluate a string as JavaScript because unsafe-eval is not allowed');
      },
    });
    startDraftValidator(listener).validate(7, refusing);
    const answer = await next;
    expect(answer.revision).toBe(7);
    expect(answer.issues).toHaveLength(1);
    expect(answer.issues[0]).toMatchObject({ code: DRAFT_NOT_CHECKED, pointer: '' });
    expect(answer.issues[0]?.message.ru).toContain('не смог проверить');
    expect(answer.issues[0]?.message.en).toContain('could not check');
  });
});
