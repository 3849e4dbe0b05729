import { describe, expect, it } from 'vitest';
import { FULL_SCALE, parseBenchOptions, QUICK_SCALE, runSelection, SCENARIOS } from './bench.options.js';
import { resultsFileName } from './report/results.writer.js';

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

  it('names the results file of a partial, quick or profiled run apart from the run of record', () => {
    const name = (argv: string[]) => resultsFileName('2026-12-07', runSelection(parseBenchOptions(argv, {})));
    expect(name([])).toBe('2026-12-07.json');
    expect(name(['--only', SCENARIOS.join(','), '--db', 'pglite,postgres'])).toBe('2026-12-07.json');
    expect(name(['--quick'])).toBe('2026-12-07-quick.json');
    expect(name(['--only', 'runs', '--db', 'postgres', '--profile'])).toBe('2026-12-07-runs-postgres-profiled.json');
    expect(name(['--profile'])).toBe('2026-12-07-profiled.json');
    expect(name(['--db', 'pglite'])).toBe('2026-12-07-pglite.json');
  });
});
