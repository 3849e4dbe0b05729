import { describe, expect, it } from 'vitest';
import { moduleOf, summarizeProfile } from './cpu-profile.summary.js';

describe('cpu profile summary', () => {
  it('groups scripts by package or by our source folder', () => {
    expect(moduleOf('/work/main/node_modules/knex/lib/query/querycompiler.js')).toBe('knex');
    expect(moduleOf('/work/main/node_modules/@electric-sql/pglite/dist/index.js')).toBe('@electric-sql/pglite');
    expect(moduleOf('/work/main/runtime/src/records/record.service.ts')).toBe('runtime/src/records');
    expect(moduleOf('node:internal/streams/readable')).toBe('node core');
    expect(moduleOf('')).toBe('(native / idle / gc)');
  });

  it('shares self time out of busy time, leaving idle out', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile = {
      startTime: 0,
      endTime: 10_000,
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('compile', 'file:///r/node_modules/knex/lib/q.js') },
        { id: 3, callFrame: frame('validate', 'file:///r/node_modules/ajv/dist/a.js') },
      ],
      samples: [1, 2, 2, 2, 3],
      timeDeltas: [5000, 1000, 1000, 1000, 1000],
    };
    const lines = summarizeProfile(profile, 5);
    expect(lines[0]).toContain('busy 0.0 s of 0.0 s');
    expect(lines).toContain('     75.0%  knex');
    expect(lines).toContain('     25.0%  ajv');
  });
});
