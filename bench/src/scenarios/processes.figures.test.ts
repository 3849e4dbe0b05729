import { describe, expect, it } from 'vitest';
import { cpuSecondsBetween, parseProcStat } from '../harness/process-cpu.reader.js';
import { phaseNumbers, processFigures, type PhaseResult } from './processes.figures.js';

describe('CPU of a process from /proc/<pid>/stat', () => {
  it('reads utime and stime after the command name, even one with spaces and parentheses', () => {
    // ARRANGE
    const line = '4242 (node (main) x) S 1 4242 4242 0 -1 4194560 1234 0 0 0 731 95 3 4 20 0 11 0 5555 1234567 8901 18446744073709551615';

    // ACT
    const ticks = parseProcStat(line);

    // ASSERT
    expect(ticks).toEqual({ userTicks: 731, systemTicks: 95 });
    expect(() => parseProcStat('garbage')).toThrow(/stat/);
  });

  it('sums the ticks used between two snapshots; a process that started in between counts from zero', () => {
    // ARRANGE
    const before = new Map([
      [1, 100],
      [2, 50],
      [3, 10],
    ]);
    const after = new Map([
      [1, 250],
      [2, 50],
      [4, 30],
    ]);

    // ACT
    const seconds = cpuSecondsBetween(before, after, 100);

    // ASSERT: 150 + 0 + 30 ticks (3 ended: its last part is not known)
    expect(seconds).toBeCloseTo(1.8, 10);
    expect(cpuSecondsBetween(before, new Map(), 100)).toBeNull();
  });
});

describe('processes figures', () => {
  const one: PhaseResult = { processes: 1, count: 2000, seconds: 4, cpu: { runtimes: [3.2], postgres: 1.8 } };
  const two: PhaseResult = { processes: 2, count: 2100, seconds: 4, cpu: { runtimes: [1.9, 1.7], postgres: 2.1 } };

  it('gives the rate and the CPU per unit of runtime and PostgreSQL', () => {
    // ACT
    const numbers = phaseNumbers(two);

    // ASSERT
    expect(numbers.perSecond).toBe(525);
    expect(numbers.runtimeCpuS).toBeCloseTo(3.6, 10);
    expect(numbers.runtimeMsPerUnit).toBeCloseTo(3600 / 2100, 10);
    expect(numbers.postgresMsPerUnit).toBeCloseTo(1, 10);
    expect(numbers.cpuMsPerUnit).toBeCloseTo(5700 / 2100, 10);
  });

  it('counts the runtime alone when PostgreSQL is not on this machine, and nothing done as no rate', () => {
    // ACT
    const remote = phaseNumbers({ ...one, cpu: { runtimes: [3.2], postgres: null } });
    const idle = phaseNumbers({ ...one, count: 0 });

    // ASSERT
    expect(remote.cpuMsPerUnit).toBeCloseTo(1.6, 10);
    expect(remote.postgresMsPerUnit).toBeNull();
    expect(idle.cpuMsPerUnit).toBeNaN();
  });

  it('compares 2 processes with 1: the ratio is what the second process changed', () => {
    // ACT
    const figures = processFigures('create', one, two);

    // ASSERT
    expect(figures.map((f) => f.metric)).toEqual([
      'routed create req/s, 1 process',
      'routed create CPU ms/request, 1 process',
      'routed create req/s, 2 processes',
      'routed create CPU ms/request, 2 processes',
    ]);
    expect(figures[0]).toMatchObject({ value: 500, baseline: null, ratio: null, db: 'postgres', scenario: 'processes' });
    expect(figures[1]?.value).toBeCloseTo(2.5, 10);
    expect(figures[2]).toMatchObject({ value: 525, baseline: 500, ratio: 1.05 });
    expect(figures[3]?.ratio).toBeCloseTo(5700 / 2100 / 2.5, 10);
    expect(figures[2]?.note).toContain('process 1 1.90 s, process 2 1.70 s');
    expect(processFigures('drain', one, null).map((f) => f.metric)).toEqual(['drain runs/s, 1 process', 'drain CPU ms/run, 1 process']);
  });
});
