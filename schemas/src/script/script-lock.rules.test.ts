import { describe, expect, it } from 'vitest';
import type { Process } from '../../generated/definition.types.js';
import { inSaveOnlyCalls, scriptLockIssues } from './script-lock.rules.js';

/* api.lock only where a save's transaction holds it: refused at publish in other processes. */

function processWith(source: string, mode?: 'before-save' | 'after-save'): Process {
  return {
    name: 'guard',
    ...(mode ? { mode } : {}),
    trigger: { type: 'record', entity: 'deal', on: ['create'] },
    nodes: [
      { id: 'first', type: 'end' },
      { id: 'check', type: 'script', config: { source } },
    ],
    edges: [{ from: 'trigger', to: 'check' }],
  };
}

describe('api.lock outside a save', () => {
  it('finds the calls, however they are written, and not in comments', () => {
    expect(inSaveOnlyCalls("await api.lock('booking', record.specialist);")).toEqual(['lock']);
    expect(inSaveOnlyCalls('await api ?. lock(1)')).toEqual(['lock']);
    expect(inSaveOnlyCalls('await api["lock"](1)')).toEqual(['lock']);
    expect(inSaveOnlyCalls('// api.lock(1) would serialise\n/* api.lock(2) */ return api.locked;')).toEqual([]);
    expect(inSaveOnlyCalls('const myapi = 1; myapi.lock(1);')).toEqual([]);
  });

  it('is an issue on the script of an after-save process (the default mode), pointing at its source', () => {
    // ACT
    const issues = scriptLockIssues(processWith("await api.lock('k');"), '/processes/4');

    // ASSERT
    expect(issues).toEqual([expect.objectContaining({ code: 'SCRIPT_LOCK_OUTSIDE_SAVE', pointer: '/processes/4/nodes/1/config/source', process: 'guard', nodeId: 'check' })]);
    expect(issues[0]?.message.en).toContain('runs after save');
    expect(issues[0]?.message.ru).toContain('после сохранения');
    expect(scriptLockIssues(processWith("await api.lock('k');", 'after-save'), '/processes/4')).toHaveLength(1);
  });

  it('is allowed in a before-save process', () => {
    expect(scriptLockIssues(processWith("await api.lock('k');", 'before-save'), '/processes/0')).toEqual([]);
  });
});
