import { describe, expect, it } from 'vitest';
import { FULL_SCALE, parseBenchOptions, QUICK_SCALE, SCENARIOS } from './bench.options.js';

describe('bench options', () => {
  it('runs every scenario at the issue scale on both databases by default', () => {
    const options = parseBenchOptions([], {});
    expect(options).toMatchObject({ mode: 'full', scale: FULL_SCALE, databases: ['postgres', 'pglite'], profileDir: null });
    expect(options.scenarios).toEqual([...SCENARIOS]);
    expect(options.scale.lists.deals).toBe(1_000_000);
    expect(options.scale.import.rows).toBe(100_000);
    expect(options.scale.create.connections).toBe(32);
    expect(options.scale.designer).toMatchObject({ nodes: 300, baselineNodes: 10, dragSteps: 60 });
    expect(options.scenarios).toContain('processes');
  });

  it('scales down with --quick and picks scenarios, databases and the server', () => {
    const options = parseBenchOptions(['--quick', '--only', 'lists,funnel', '--db', 'pglite'], { BENCH_DATABASE_URL: 'postgres://u@h:5433/x' });
    expect(options).toMatchObject({ mode: 'quick', scale: QUICK_SCALE, scenarios: ['lists', 'funnel'], databases: ['pglite'], serverUrl: 'postgres://u@h:5433/x' });
    // --quick drags in fewer moves, still over a process of 300 nodes.
    expect(parseBenchOptions(['--quick', '--only', 'designer'], {})).toMatchObject({ scenarios: ['designer'], scale: { designer: { nodes: 300, dragSteps: 20, loads: 1 } } });
  });

  it('refuses unknown scenarios and databases', () => {
    expect(() => parseBenchOptions(['--only', 'lists,nope'], {})).toThrow(/nope/);
    expect(() => parseBenchOptions(['--db', 'mysql'], {})).toThrow(/mysql/);
  });
});
