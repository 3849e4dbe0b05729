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

  it('names the draft for every screen that reads it first', () => {
    const screens = ['entities', 'entities/deal', 'pipelines', 'pipelines/sales', 'roles', 'roles/manager', 'forms-views', 'forms-views/forms/deal_main', 'forms-views/views/deal_list', 'dashboards', 'dashboards/sales', 'web-forms', 'web-forms/site_request'];
    for (const screen of screens) expect(earlyAnswersOf(router.resolve(`/builder/${screen}`)), screen).toEqual([...DRAFT_READS]);
  });

  it('names nothing for screens that do not ask', () => {
    expect(earlyAnswersOf(router.resolve('/'))).toEqual([]);
    expect(earlyAnswersOf(router.resolve('/sign-in'))).toEqual([]);
    expect(earlyAnswersOf(router.resolve('/builder'))).toEqual([]);
    expect(earlyAnswersOf(router.resolve('/builder/settings'))).toEqual([]);
  });

  it('keeps only API paths', () => {
    expect(earlyAnswersOf({ matched: [{ meta: { earlyAnswers: ['/api/x', 'https://elsewhere.example/api', 3] } }] } as never)).toEqual(['/api/x']);
  });
});
