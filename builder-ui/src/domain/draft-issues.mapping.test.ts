import { describe, expect, it } from 'vitest';
import { validateApp } from '@crm/schemas';
import { processProblems } from './draft-issues.mapping.js';
import { bigDealProcess, designerApp } from './process-graph.fixtures.js';

describe('draft-issues.mapping', () => {
  it("places the validator's issues on the node, the config path, the edge and the trigger", () => {
    const process = bigDealProcess();
    const message = { ru: 'x', en: 'x' };
    const problems = processProblems(
      [
        { code: 'UNKNOWN_ROLE', pointer: '/processes/0/nodes/1/config/role', message },
        { code: 'UNKNOWN_NODE', pointer: '/processes/0/edges/1/to', message },
        { code: 'UNKNOWN_ENTITY', pointer: '/processes/0/trigger/entity', message },
        { code: 'CYCLE', pointer: '/processes/0', nodeId: 'check', process: 'big_deal', message },
        { code: 'OTHER', pointer: '/processes/1/nodes/0', message },
        { code: 'ENTITY', pointer: '/entities/0', message },
      ],
      0,
      process,
    );
    expect(problems.map((p) => [p.code, p.nodeId, p.edgeIndex, p.configPath])).toEqual([
      ['UNKNOWN_ROLE', 'assign', undefined, ['role']],
      ['UNKNOWN_NODE', undefined, 1, undefined],
      ['UNKNOWN_ENTITY', 'trigger', undefined, undefined],
      ['CYCLE', 'check', undefined, undefined],
    ]);
  });

  it('maps a real validation of a condition with an open branch to that condition', () => {
    const process = { ...bigDealProcess(), edges: [{ from: 'trigger', to: 'check' }] };
    const result = validateApp(designerApp(process));
    const problems = processProblems(result.ok ? [] : result.issues, 0, process);
    expect(problems.filter((p) => p.code === 'UNCONNECTED_HANDLE').map((p) => p.nodeId)).toEqual(['check', 'check']);
    expect(problems.find((p) => p.code === 'ORPHAN_NODE')?.nodeId).toBe('assign');
  });
});
