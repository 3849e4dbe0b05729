import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DbBench } from '../db-bench.context.js';
import { BenchChild, baseEnvironment } from '../harness/bench-child.process.js';
import { freePort } from '../harness/free-port.js';
import { loadProblems, runLoad, type LoadResult } from '../harness/load.generator.js';
import { nodeRedSettings, routingFlow } from '../peers/node-red.flow.js';
import { ensurePeers, PEERS_DIR } from '../peers/peers.installer.js';
import { progress } from '../report/figure.recorder.js';
import { figure, type Figure } from '../report/figure.types.js';
import { dealAmount } from './routed-create.scenario.js';

/*
 * Peers: the routing flow ("webhook -> if amount > 100000 -> set owner -> insert into PostgreSQL
 * -> respond") in Node-RED, on the same PostgreSQL database and table, at the same concurrency and
 * for as long as the routed create; our side is the routed create measured in this run. Node-RED
 * neither authenticates, validates, checks permissions nor keeps history.
 */

export async function measureNodeRed(bench: DbBench): Promise<LoadResult> {
  if (!bench.target.url) throw new Error('Node-RED runs against PostgreSQL only');
  if (await ensurePeers()) progress('peers were installed into bench/.peers by this bench');
  const userDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'crm-bench-node-red-'));
  const removeDir = bench.registry.add(`remove ${userDir}`, () => fs.promises.rm(userDir, { recursive: true, force: true }));
  try {
    const senior = bench.seniorIds[0];
    if (!senior) throw new Error('no senior manager to route to');
    fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(routingFlow(senior), null, 2));
    const settings = path.join(userDir, 'settings.js');
    fs.writeFileSync(settings, nodeRedSettings(path.join(PEERS_DIR, 'node_modules', 'pg')));
    const port = await freePort();
    const child = BenchChild.start(
      {
        name: 'Node-RED',
        nodeArgs: [path.join(PEERS_DIR, 'node_modules', 'node-red', 'red.js'), '--settings', settings, '--userDir', userDir],
        env: { ...baseEnvironment(), PORT: String(port), BENCH_DB_URL: bench.target.url, NODE_RED_ENABLE_PROJECTS: 'false' },
      },
      bench.registry,
    );
    try {
      const url = `http://127.0.0.1:${port}`;
      await child.waitForHttp(`${url}/health`, 120_000);
      const reps = bench.people.signedIn;
      const { connections, warmupS, durationS, maxRequests } = bench.options.scale.create;
      const spec = {
        url,
        connections,
        maxRequests,
        expectStatus: 201,
        request: (i: number) => ({
          method: 'POST' as const,
          path: '/deal',
          headers: { 'content-type': 'application/json', 'x-user-id': reps[i % reps.length]?.id ?? '' },
          body: JSON.stringify({ title: `Node-RED deal ${i}`, amount: dealAmount(i) }),
        }),
      };
      await runLoad({ ...spec, durationS: warmupS });
      const result = await runLoad({ ...spec, durationS });
      const problems = loadProblems(result);
      if (problems) throw new Error(`Node-RED: ${problems}\n${child.output().slice(-2000)}`);
      return result;
    } finally {
      await child.stop();
    }
  } finally {
    await removeDir();
  }
}

export function peerFigures(ours: LoadResult, nodeRed: LoadResult): Figure[] {
  const baselineName = 'Node-RED 4.1 + pg';
  return [
    figure({ scenario: 'peers', db: 'postgres', metric: 'flows/s vs Node-RED', value: ours.rps, baseline: nodeRed.rps, baselineName, goal: { text: 'ratio ≥ 1.5', on: 'ratio', kind: 'min', limit: 1.5 } }),
    figure({ scenario: 'peers', db: 'postgres', metric: 'p99 ms vs Node-RED', value: ours.latency.p99, baseline: nodeRed.latency.p99, baselineName }),
  ];
}
