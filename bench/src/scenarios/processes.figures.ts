import { figure, type Figure } from '../report/figure.types.js';

/*
 * The arithmetic of the `processes` scenario: what N runtime processes did in a phase (requests
 * answered or runs completed, in how long) and the CPU each process and PostgreSQL used for it,
 * turned into throughput and CPU per request / per run. With 2 processes the baseline is the same
 * phase with 1, so the ratio says what the second process added (rate) or what a request cost more
 * or less (CPU): on a machine whose cores are already full, the rate cannot grow, and the figure to
 * watch is CPU per unit of work.
 */

export interface PhaseCpu {
  /** CPU seconds of each runtime process serving the phase, in order. */
  runtimes: number[];
  /** CPU seconds of the PostgreSQL processes (the bench database's backends and the server's own); null when not readable here. */
  postgres: number | null;
}

export interface PhaseResult {
  processes: number;
  /** Requests answered (create) or runs completed (drain). */
  count: number;
  /** Seconds the rate is measured over. */
  seconds: number;
  cpu: PhaseCpu;
}

export interface PhaseNumbers {
  perSecond: number;
  runtimeCpuS: number;
  /** Runtime + PostgreSQL CPU per unit (ms); runtime only when PostgreSQL was not readable. */
  cpuMsPerUnit: number;
  runtimeMsPerUnit: number;
  postgresMsPerUnit: number | null;
}

export function phaseNumbers(phase: PhaseResult): PhaseNumbers {
  const runtimeCpuS = phase.cpu.runtimes.reduce((sum, s) => sum + s, 0);
  const perUnit = (seconds: number): number => (phase.count > 0 ? (seconds * 1000) / phase.count : Number.NaN);
  return {
    perSecond: phase.seconds > 0 ? phase.count / phase.seconds : Number.NaN,
    runtimeCpuS,
    cpuMsPerUnit: perUnit(runtimeCpuS + (phase.cpu.postgres ?? 0)),
    runtimeMsPerUnit: perUnit(runtimeCpuS),
    postgresMsPerUnit: phase.cpu.postgres === null ? null : perUnit(phase.cpu.postgres),
  };
}

function cpuNote(phase: PhaseResult, numbers: PhaseNumbers, unit: string): string {
  const each = phase.cpu.runtimes.map((s, i) => `process ${i + 1} ${s.toFixed(2)} s`).join(', ');
  const postgres = phase.cpu.postgres === null ? 'PostgreSQL not measured (not on this machine)' : `PostgreSQL ${phase.cpu.postgres.toFixed(2)} s = ${numbers.postgresMsPerUnit?.toFixed(2)} ms/${unit}`;
  return `${phase.count} ${unit}s in ${phase.seconds.toFixed(1)} s; CPU: ${each} (runtime ${numbers.runtimeMsPerUnit.toFixed(2)} ms/${unit}), ${postgres}`;
}

/** The figures of one kind of phase (create or drain) for 1 process and, when measured, 2. */
export function processFigures(kind: 'create' | 'drain', one: PhaseResult, two: PhaseResult | null): Figure[] {
  const unit = kind === 'create' ? 'request' : 'run';
  const rate = kind === 'create' ? 'req/s' : 'runs/s';
  const cpuMetric = kind === 'create' ? 'CPU ms/request' : 'CPU ms/run';
  const label = kind === 'create' ? 'routed create' : 'drain';
  const a = phaseNumbers(one);
  const out: Figure[] = [
    figure({ scenario: 'processes', db: 'postgres', metric: `${label} ${rate}, 1 process`, value: a.perSecond, note: cpuNote(one, a, unit) }),
    figure({ scenario: 'processes', db: 'postgres', metric: `${label} ${cpuMetric}, 1 process`, value: a.cpuMsPerUnit, note: 'runtime + PostgreSQL CPU over the phase / its count' }),
  ];
  if (two) {
    const b = phaseNumbers(two);
    out.push(
      figure({ scenario: 'processes', db: 'postgres', metric: `${label} ${rate}, 2 processes`, value: b.perSecond, baseline: a.perSecond, baselineName: '1 process', note: cpuNote(two, b, unit) }),
      figure({ scenario: 'processes', db: 'postgres', metric: `${label} ${cpuMetric}, 2 processes`, value: b.cpuMsPerUnit, baseline: a.cpuMsPerUnit, baselineName: '1 process' }),
    );
  }
  return out;
}
