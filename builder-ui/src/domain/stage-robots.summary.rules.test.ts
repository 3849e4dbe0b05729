import { describe, expect, it } from 'vitest';
import { pipelineApp } from './stage-robots.fixtures.js';
import { robotSummary, type SummaryContext } from './stage-robots.summary.rules.js';
import type { Robot } from './stage-robots.mapping.js';

/** A translator that shows the key and its parameters, so the spec sees what the card asks for. */
const ctx: SummaryContext = {
  app: pipelineApp(),
  entity: 'deal',
  locale: 'en',
  t: (key, params) => `${key.replace('pipelines.', '')}${params ? JSON.stringify(params) : ''}`,
  tn: (key, n) => `${key.replace('pipelines.', '')}(${n})`,
};

const robot = (node: Robot['node']): Robot => ({ node });

describe('robot card summaries', () => {
  it('says who gets the task: the owner when no one is named', () => {
    expect(robotSummary(ctx, robot({ id: 'a', type: 'create_task', config: { title: 'Call' } }))).toBe('robots.summary.taskOwner{"title":"Call"}');
    expect(robotSummary(ctx, robot({ id: 'a', type: 'create_task', config: { title: 'Call', assignee: 'ann@example.com' } }))).toBe(
      'robots.summary.taskUser{"who":"ann@example.com","title":"Call"}',
    );
  });

  it('names people in words: the owner, a role by its label, the owner\'s manager', () => {
    expect(robotSummary(ctx, robot({ id: 'n', type: 'notify', config: { to: { $ref: 'record.owner' }, message: 'Hi' } }))).toBe('robots.summary.notify{"who":"robots.who.owner","message":"Hi"}');
    expect(robotSummary(ctx, robot({ id: 'p', type: 'approval', config: { approvers: ['owner-manager', { role: 'sales_rep' }] } }))).toBe(
      'robots.summary.approval{"who":"robots.who.ownerManager, robots.who.role{\\"role\\":\\"Sales rep\\"}"}',
    );
    expect(robotSummary(ctx, robot({ id: 's', type: 'assign', config: { strategy: 'role-least-loaded', role: 'sales_rep' } }))).toBe(
      'robots.summary.assignRole{"role":"Sales rep","how":"robots.how.least-loaded"}',
    );
  });

  it('names the record\'s fields in a text template by their labels', () => {
    expect(robotSummary(ctx, robot({ id: 'a', type: 'create_task', config: { title: 'Call about {{record.title}} ({{ record.amount }})' } }))).toBe(
      'robots.summary.taskOwner{"title":"Call about «Title» («Amount»)"}',
    );
  });

  it('shows a field by its label and a wait in days', () => {
    expect(robotSummary(ctx, robot({ id: 'u', type: 'update_record', config: { values: { amount: 5 } } }))).toBe('robots.summary.setField{"field":"Amount","value":"5"}');
    expect(robotSummary(ctx, robot({ id: 'w', type: 'wait', config: { duration: 'P3D' } }))).toBe('robots.summary.waitFor{"duration":"robots.summary.days(3)"}');
    expect(robotSummary(ctx, robot({ id: 'w', type: 'wait', config: { untilField: 'close_date' } }))).toBe('robots.summary.waitUntil{"field":"Close date"}');
  });
});
