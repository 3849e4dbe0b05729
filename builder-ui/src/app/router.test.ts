import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { DRAFT_READS } from '../builder/draft-prefetch.js';
import { createAppRouter, earlyAnswersOf } from './router.js';

describe('earlyAnswersOf', () => {
  const router = createAppRouter(createPinia());

  it('names the draft and the live app for the process screens', () => {
    expect(earlyAnswersOf(router.resolve('/builder/processes/route_big_deals'))).toEqual([...DRAFT_READS]);
    expect(earlyAnswersOf(router.resolve('/builder/processes'))).toEqual(['/api/definitions/draft', '/api/definitions/live']);
  });

  it('names nothing for screens that do not ask', () => {
    expect(earlyAnswersOf(router.resolve('/'))).toEqual([]);
    expect(earlyAnswersOf(router.resolve('/sign-in'))).toEqual([]);
  });

  it('keeps only API paths', () => {
    expect(earlyAnswersOf({ matched: [{ meta: { earlyAnswers: ['/api/x', 'https://elsewhere.example/api', 3] } }] } as never)).toEqual(['/api/x']);
  });
});
