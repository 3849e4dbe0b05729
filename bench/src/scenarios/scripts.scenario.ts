import { createScriptSandbox, type JsonValue } from '@crm/engine';
import { sequentialLatencies, summarize } from '../harness/latency.stats.js';
import type { Scale } from '../bench.options.js';
import { figure, type Figure } from '../report/figure.types.js';

/*
 * Scripts: what a script node costs per run on top of the script itself. The sandbox
 * (engine/src/sandbox, the one the engine uses) runs every script in a fresh context of a pooled
 * isolate, copies the input in as JSON and the output out as JSON. Baseline: the same function body
 * compiled once in plain Node and called with the same input. The overhead is the difference of
 * the means.
 */

const SOURCE = `
const tier = record.amount > 1000000 ? 'platinum' : record.amount > 100000 ? 'gold' : 'standard';
const discount = tier === 'platinum' ? 10 : tier === 'gold' ? 5 : 0;
return { tier, discount, net: record.amount * (100 - discount) / 100, title: record.title.toUpperCase(), by: user.name };
`;

const PARAMETERS = ['record', 'trigger', 'steps', 'user', 'now'] as const;

function input(i: number): Record<string, JsonValue> {
  return {
    record: {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      version: 1,
      title: `Поставка серверов ${i}`,
      amount: 1000 + ((i * 7919) % 1_999_000),
      stage: 'proposal',
      region: 'moscow',
      source: 'website',
      close_date: '2026-12-31',
      owner: '00000000-0000-4000-8000-000000000001',
      created_at: '2026-11-29T10:00:00.000Z',
      updated_at: '2026-11-29T10:00:00.000Z',
      description: null,
    },
    trigger: { type: 'record', entity: 'deal', action: 'update' },
    steps: { previous: { ok: true } },
    user: { id: '00000000-0000-4000-8000-000000000001', name: 'Bench', email: 'bench@example.com' },
    now: '2026-11-29T10:00:00.000Z',
  };
}

function expected(i: number): string {
  const amount = 1000 + ((i * 7919) % 1_999_000);
  return amount > 1_000_000 ? 'platinum' : amount > 100_000 ? 'gold' : 'standard';
}

export async function measureScripts(scale: Scale): Promise<Figure[]> {
  const { warmup, runs } = scale.scripts;
  const sandbox = createScriptSandbox();
  let sandboxed: number[];
  try {
    sandboxed = await sequentialLatencies(
      async (i) => {
        const result = await sandbox.run({ source: SOURCE, input: input(i) });
        if (!result.ok) throw new Error(`the script failed in the sandbox: ${result.error.code} ${result.error.message}`);
        const output = result.output;
        if (typeof output !== 'object' || output === null || Array.isArray(output) || output['tier'] !== expected(i)) throw new Error(`unexpected output ${JSON.stringify(output)}`);
      },
      { warmup, count: runs, maxMs: 120_000 },
    );
  } finally {
    await sandbox.dispose();
  }

  // The same body as an async function of the same parameters, compiled once.
  const compiled = new Function(...PARAMETERS, `return (async () => {${SOURCE}})();`);
  const plain = await sequentialLatencies(
    async (i) => {
      const values = input(i);
      const output: unknown = await Reflect.apply(compiled, undefined, PARAMETERS.map((p) => values[p]));
      if (typeof output !== 'object' || output === null || !('tier' in output) || output.tier !== expected(i)) throw new Error('unexpected plain output');
    },
    { warmup, count: runs, maxMs: 120_000 },
  );

  const s = summarize(sandboxed);
  const p = summarize(plain);
  const overhead = s.mean - p.mean;
  const baselineName = 'the same function in plain Node';
  return [
    figure({
      scenario: 'scripts',
      db: 'none',
      metric: 'overhead ms/run (mean)',
      value: overhead,
      goal: { text: '< 2 ms', on: 'value', kind: 'max', limit: 2 },
      note: `sandboxed mean ${s.mean.toFixed(3)} ms vs plain ${p.mean.toFixed(4)} ms, ${s.count} runs, fresh context each`,
    }),
    figure({ scenario: 'scripts', db: 'none', metric: 'run p50 ms', value: s.p50, baseline: p.p50, baselineName }),
    figure({ scenario: 'scripts', db: 'none', metric: 'run p99 ms', value: s.p99, baseline: p.p99, baselineName }),
  ];
}
