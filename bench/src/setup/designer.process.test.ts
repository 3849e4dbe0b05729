import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateApp } from '@crm/schemas';
import { REPO_ROOT } from '../harness/bench-child.process.js';
import { designerProcess } from './designer.process.js';

const template: { app: { processes: unknown[] } } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'templates', 'b2b-sales', 'template.json'), 'utf8'));

describe('designer process', () => {
  it.each([300, 10, 7, 2])('has exactly %i nodes, all connected, and is a valid process of the b2b-sales app', (count) => {
    const process = designerProcess('bench_designer', count);
    expect(process.nodes).toHaveLength(count);
    const ids = new Set(['trigger', ...process.nodes.map((n) => n.id)]);
    expect(ids.size).toBe(count + 1);
    for (const edge of process.edges) expect(ids.has(edge.from) && ids.has(edge.to), JSON.stringify(edge)).toBe(true);
    // Every node but the trigger is reached by an edge; every node but the end leaves by one.
    expect(new Set(process.edges.map((e) => e.to))).toEqual(new Set(process.nodes.map((n) => n.id)));
    const result = validateApp({ ...template.app, processes: [...template.app.processes, process] });
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('mixes the node types of a real process and lays them out without overlaps', () => {
    const process = designerProcess('bench_designer', 300);
    const types = new Set(process.nodes.map((n) => n.type));
    expect([...types].sort()).toEqual(['assign', 'condition', 'create_task', 'end', 'notify', 'update_record', 'wait']);
    expect(process.edges.filter((e) => e.handle === 'true')).toHaveLength(process.edges.filter((e) => e.handle === 'false').length);
    const spots = new Set(process.nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(spots.size).toBe(300);
  });
});
