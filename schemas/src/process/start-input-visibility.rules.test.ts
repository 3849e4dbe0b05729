import { describe, expect, it } from 'vitest';
import type { StartInput } from '../../generated/definition.types.js';
import { withStartForm } from '../testing/full-app.fixture.js';
import { withStartDefaults } from './start-input-default.rules.js';
import { hiddenStartInputs, meetsStartCondition } from './start-input-visibility.rules.js';
import { startInputValidator } from './start-input.rules.js';

/*
 * Conditional questions on a start form: a question shows only when an earlier answer is one of
 * the listed values; the form is walked top-down, so hiding cascades; at the start a hidden
 * question's answer is dropped, its default not applied, and it is not required.
 */

const USER = '5f0c2a8e-3b7d-4c1e-9a2f-1d2e3f4a5b6c';
const OTHER = '6a1d3b9f-4c8e-4d2f-8b3a-2e3f4a5b6c7d';

const FORM: StartInput[] = [
  { name: 'urgency', type: 'enum', options: [{ value: 'normal' }, { value: 'urgent' }], default: 'normal' },
  { name: 'why', type: 'longtext', required: true, visibleWhen: { question: 'urgency', in: ['urgent'] } },
  { name: 'escalate', type: 'boolean', visibleWhen: { question: 'urgency', in: ['urgent'] } },
  { name: 'boss', type: 'user', default: '$user', visibleWhen: { question: 'escalate', in: [true] } },
  { name: 'cc', type: 'text', default: 'team', visibleWhen: { question: 'boss', in: [OTHER] } },
];

const ctx = { userId: USER, now: new Date('2026-03-10T09:00:00Z'), timezone: 'Europe/Moscow' };

describe('which questions a start form shows', () => {
  it('shows a question when the earlier answer is listed, hides it otherwise', () => {
    expect([...hiddenStartInputs(FORM, { urgency: 'normal' })]).toEqual(['why', 'escalate', 'boss', 'cc']);
    expect([...hiddenStartInputs(FORM, { urgency: 'urgent', escalate: true, boss: OTHER })]).toEqual([]);
  });

  it('hides a question shown only by a hidden one, whatever was answered to it', () => {
    // "escalate" is hidden by urgency, so its true does not show "boss", nor boss's answer "cc".
    expect([...hiddenStartInputs(FORM, { urgency: 'normal', escalate: true, boss: OTHER })]).toEqual(['why', 'escalate', 'boss', 'cc']);
  });

  it('reads a yes/no left unanswered as no, and a several-of-a-list answer as any of its choices', () => {
    const no = { question: 'flag', in: [false] };
    expect(meetsStartCondition(no, { type: 'boolean' }, undefined)).toBe(true);
    expect(meetsStartCondition(no, { type: 'boolean' }, null)).toBe(true);
    expect(meetsStartCondition(no, { type: 'boolean' }, true)).toBe(false);
    const channels = { question: 'channels', in: ['call'] };
    expect(meetsStartCondition(channels, { type: 'multienum' }, ['email', 'call'])).toBe(true);
    expect(meetsStartCondition(channels, { type: 'multienum' }, ['email'])).toBe(false);
    expect(meetsStartCondition(channels, { type: 'multienum' }, [])).toBe(false);
    expect(meetsStartCondition({ question: 'urgency', in: ['urgent'] }, { type: 'enum' }, null)).toBe(false);
  });
});

describe('a conditional question at the start', () => {
  it('drops the answer to a hidden question and does not apply its default', () => {
    expect(withStartDefaults(FORM, { why: 'typed before', escalate: true }, ctx)).toEqual({ urgency: 'normal' });
  });

  it('decides on the answers with earlier defaults applied, then applies a shown question’s default', () => {
    const form: StartInput[] = [
      { name: 'urgency', type: 'enum', options: [{ value: 'normal' }, { value: 'urgent' }], default: 'urgent' },
      { name: 'boss', type: 'user', default: '$user', visibleWhen: { question: 'urgency', in: ['urgent'] } },
    ];
    expect(withStartDefaults(form, {}, ctx)).toEqual({ urgency: 'urgent', boss: USER });
    expect(withStartDefaults(form, { urgency: 'normal' }, ctx)).toEqual({ urgency: 'normal' });
  });

  it('requires a hidden required question only when it is shown, and keeps it null in the run', () => {
    const { app } = withStartForm(FORM);
    const hiddenAnswers = withStartDefaults(FORM, {}, ctx) as Record<string, unknown>;
    const hidden = hiddenStartInputs(FORM, hiddenAnswers);
    const quiet = startInputValidator(app, 'p', FORM, hidden)(hiddenAnswers);
    expect(quiet).toEqual({ ok: true, value: { urgency: 'normal', why: null, escalate: null, boss: null, cc: null } });
    const shownAnswers = withStartDefaults(FORM, { urgency: 'urgent' }, ctx) as Record<string, unknown>;
    const loud = startInputValidator(app, 'p', FORM, hiddenStartInputs(FORM, shownAnswers))(shownAnswers);
    expect(loud.ok ? [] : loud.errors.map((e) => [e.field, e.code])).toEqual([['why', 'REQUIRED']]);
  });
});
