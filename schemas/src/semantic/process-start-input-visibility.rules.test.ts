import { describe, expect, it } from 'vitest';
import type { StartInput } from '../../generated/definition.types.js';
import { withStartForm } from '../testing/full-app.fixture.js';
import { validateApp } from '../validation/app.validator.js';

/*
 * A start-form question's condition in the definition: it names an earlier question with discrete
 * answers, lists at least one value, and every value is an answer that question accepts; each
 * problem points at the condition's member.
 */

const URGENCY: StartInput = { name: 'urgency', type: 'enum', options: [{ value: 'normal' }, { value: 'urgent' }] };

function issuesOf(inputs: StartInput[]): { found: Array<[string, string]>; at: string; messages: Array<{ ru: string; en: string }> } {
  const { app, index } = withStartForm(inputs);
  const result = validateApp(app);
  const issues = result.ok ? [] : result.issues;
  return { found: issues.map((i) => [i.code, i.pointer]), at: `/processes/${index}/trigger/inputs`, messages: issues.map((i) => i.message) };
}

describe('a start-form question’s condition in the definition', () => {
  it('accepts conditions on a choice, several choices, a yes/no and a person, a required question among them', () => {
    const { found } = issuesOf([
      URGENCY,
      { name: 'channels', type: 'multienum', options: [{ value: 'call' }, { value: 'email' }] },
      { name: 'escalate', type: 'boolean' },
      { name: 'boss', type: 'user' },
      { name: 'why', type: 'longtext', required: true, visibleWhen: { question: 'urgency', in: ['urgent'] } },
      { name: 'number', type: 'phone', visibleWhen: { question: 'channels', in: ['call'] } },
      { name: 'note', type: 'text', visibleWhen: { question: 'escalate', in: [true] } },
      { name: 'cc', type: 'email', visibleWhen: { question: 'boss', in: ['5f0c2a8e-3b7d-4c1e-9a2f-1d2e3f4a5b6c'] } },
    ]);
    expect(found).toEqual([]);
  });

  it('refuses a question the form does not ask', () => {
    const { found, at, messages } = issuesOf([URGENCY, { name: 'why', type: 'text', visibleWhen: { question: 'urgncy', in: ['urgent'] } }]);
    expect(found).toEqual([['START_INPUT_CONDITION_UNKNOWN_QUESTION', `${at}/1/visibleWhen/question`]]);
    expect(messages[0]?.ru).toContain('ссылается на вопрос «urgncy», которого в форме нет');
    expect(messages[0]?.en).toContain('names question "urgncy", which the form does not ask');
  });

  it('refuses the question itself and a later one, which would let questions hide each other', () => {
    const { found, at, messages } = issuesOf([
      { ...URGENCY, visibleWhen: { question: 'urgency', in: ['urgent'] } },
      { name: 'flag', type: 'boolean', visibleWhen: { question: 'other', in: [true] } },
      { name: 'other', type: 'boolean', visibleWhen: { question: 'flag', in: [true] } },
    ]);
    expect(found).toEqual([
      ['START_INPUT_CONDITION_NOT_EARLIER', `${at}/0/visibleWhen/question`],
      ['START_INPUT_CONDITION_NOT_EARLIER', `${at}/1/visibleWhen/question`],
    ]);
    expect(messages[0]?.en).toContain('names the question itself');
    expect(messages[1]?.ru).toContain('который идёт ниже');
  });

  it('refuses a question whose answers are not a few values to list (text, number, date, record)', () => {
    const { found, at, messages } = issuesOf([
      { name: 'note', type: 'text' },
      { name: 'count', type: 'integer' },
      { name: 'a', type: 'text', visibleWhen: { question: 'note', in: ['x'] } },
      { name: 'b', type: 'text', visibleWhen: { question: 'count', in: [1] } },
    ]);
    expect(found).toEqual([
      ['START_INPUT_CONDITION_NOT_CHOICE', `${at}/2/visibleWhen/question`],
      ['START_INPUT_CONDITION_NOT_CHOICE', `${at}/3/visibleWhen/question`],
    ]);
    expect(messages[0]?.ru).toContain('типа «text»');
  });

  it('refuses a condition that lists no answers', () => {
    const { found, at } = issuesOf([URGENCY, { name: 'why', type: 'text', visibleWhen: { question: 'urgency', in: [] } }]);
    expect(found).toEqual([['START_INPUT_CONDITION_WITHOUT_VALUES', `${at}/1/visibleWhen/in`]]);
  });

  it('points at each listed value the question would not accept: not a choice, not yes/no, not a person', () => {
    const { found, at, messages } = issuesOf([
      URGENCY,
      { name: 'escalate', type: 'boolean' },
      { name: 'boss', type: 'user' },
      { name: 'why', type: 'text', visibleWhen: { question: 'urgency', in: ['urgent', 'someday', true] } },
      { name: 'note', type: 'text', visibleWhen: { question: 'escalate', in: ['yes'] } },
      { name: 'cc', type: 'text', visibleWhen: { question: 'boss', in: ['not-an-id'] } },
    ]);
    expect(found).toEqual([
      ['START_INPUT_CONDITION_INVALID_VALUE', `${at}/3/visibleWhen/in/1`],
      ['START_INPUT_CONDITION_INVALID_VALUE', `${at}/3/visibleWhen/in/2`],
      ['START_INPUT_CONDITION_INVALID_VALUE', `${at}/4/visibleWhen/in/0`],
      ['START_INPUT_CONDITION_INVALID_VALUE', `${at}/5/visibleWhen/in/0`],
    ]);
    expect(messages[0]?.ru).toContain('«someday» — не ответ на вопрос «urgency»');
    expect(messages[0]?.en).toContain('"someday" is not an answer to question "urgency"');
  });
});
