import type { App, Process } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { checkProcessScripts } from './process-scripts.checker.js';

/* Scripts see `steps` and `trigger` typed from the node-type and trigger catalogs. */

function appWith(source: string): App {
  const process: Process = {
    name: 'hooked',
    trigger: { type: 'webhook', name: 'in', schema: { type: 'object', properties: { total: { type: 'number' } }, required: ['total'], additionalProperties: false } },
    nodes: [
      { id: 'fetch', type: 'http', config: { url: 'https://example.com' } },
      { id: 'calc', type: 'script', config: { language: 'typescript', source } },
    ],
    edges: [
      { from: 'trigger', to: 'fetch' },
      { from: 'fetch', to: 'calc' },
    ],
  };
  return { name: 'script_types', entities: [{ name: 'deal', label: { en: 'Deal' }, fields: [{ name: 'title', type: 'text' }] }], processes: [process] };
}

describe('script types of steps and trigger', () => {
  it('accepts reads that match the declared outputs and payload', async () => {
    const source = 'const status: number = steps.fetch.status;\nconst total: number = trigger.body.total;\nconst other: unknown = steps.anything;\nreturn { status, total, other };';
    expect(await checkProcessScripts(appWith(source))).toEqual([]);
  });

  it('refuses a key a typed output does not have and a value of the wrong type', async () => {
    const issues = await checkProcessScripts(appWith('const s = steps.fetch.satus;\nconst total: string = trigger.body.total;\nreturn { s, total };'));
    expect(issues.map((i) => [i.code, i.nodeId])).toEqual([
      ['SCRIPT_TYPE_ERROR', 'calc'],
      ['SCRIPT_TYPE_ERROR', 'calc'],
    ]);
    expect(issues[0]?.message.en).toContain("'satus'");
    expect(issues[1]?.message.en).toContain("'number' is not assignable to type 'string'");
  });
});
