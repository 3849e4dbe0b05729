import { describe, expect, it } from 'vitest';
import { nodeOutputHandles } from '../process/node-handle.catalog.js';
import { fullApp, mainProcess } from '../testing/full-app.fixture.js';
import { codesAndPointers, issuesAfter, nodeOf } from '../testing/semantic-issues.fixture.js';
import { validateApp } from '../validation/app.validator.js';

/* Approval escalation settings: the timeout handle they open, and the checks that keep them meaningful. */

describe('approval escalation', () => {
  it('an escalation chain that keeps waiting validates, and offers no timeout handle', () => {
    const app = fullApp();
    const node = nodeOf(app, 'approve', 'approval');
    node.config.escalateTo = 'approver-manager';
    node.config.escalation = { times: 3 };
    expect(validateApp(app).ok).toBe(true);
    expect(nodeOutputHandles(node).map((h) => h.handle)).toEqual(['approved', 'rejected']);
  });

  it('afterLast "timeout" needs the timeout branch connected', () => {
    const issues = issuesAfter((app) => (nodeOf(app, 'approve', 'approval').config.escalation = { times: 2, afterLast: 'timeout' }));
    expect(codesAndPointers(issues)).toEqual([['UNCONNECTED_HANDLE', '/processes/0/nodes/4']]);
    expect(issues[0]?.message.en).toContain('timeout');

    const app = fullApp();
    nodeOf(app, 'approve', 'approval').config.escalation = { times: 2, afterLast: 'timeout' };
    mainProcess(app).edges.push({ from: 'approve', to: 'rejected', handle: 'timeout' });
    expect(validateApp(app).ok).toBe(true);
  });

  it('escalation without a timeout or without escalateTo is refused', () => {
    const noTimeout = issuesAfter((app) => {
      const node = nodeOf(app, 'approve', 'approval');
      delete node.config.timeout;
      node.config.escalation = { times: 2 };
    });
    const noTarget = issuesAfter((app) => {
      const node = nodeOf(app, 'approve', 'approval');
      delete node.config.escalateTo;
      node.config.escalation = { times: 2 };
    });
    expect(codesAndPointers(noTimeout)).toEqual([['MISSING_CONFIG', '/processes/0/nodes/4/config']]);
    expect(codesAndPointers(noTarget)).toEqual([['MISSING_CONFIG', '/processes/0/nodes/4/config']]);
    expect(noTarget[0]?.message.ru).toContain('escalateTo');
  });

  it('"approver-manager" is refused among the first approvers', () => {
    const issues = issuesAfter((app) => (nodeOf(app, 'approve', 'approval').config.approvers = [{ role: 'head' }, 'approver-manager']));
    expect(codesAndPointers(issues)).toEqual([['NO_CURRENT_APPROVER', '/processes/0/nodes/4/config/approvers/1']]);
  });

  it('without escalateTo the timeout handle stays optional, as before', () => {
    const app = fullApp();
    const node = nodeOf(app, 'approve', 'approval');
    delete node.config.escalateTo;
    expect(nodeOutputHandles(node)).toContainEqual({ handle: 'timeout', required: false });
    expect(validateApp(app).ok).toBe(true);
  });
});
