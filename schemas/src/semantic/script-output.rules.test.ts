import { describe, expect, it } from 'vitest';
import type { App, Condition, Node } from '../../generated/definition.types.js';
import { subjectsAtNode } from '../process/process-subjects.mapping.js';
import { validateApp } from '../validation/app.validator.js';

/* A script node's declared output types what later steps read, and must itself be a JSON Schema. */

function appWith(scriptOutput: Record<string, unknown> | undefined, condition: Condition): App {
  const script: Node = { id: 'score', type: 'script', config: { source: 'return { value: 1 };', ...(scriptOutput ? { output: scriptOutput } : {}) } };
  return {
    name: 'scripted',
    entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'title', type: 'text' }] }],
    processes: [
      {
        name: 'scored',
        trigger: { type: 'webhook', name: 'scored' },
        nodes: [script, { id: 'high', type: 'condition', config: { condition } }, { id: 'a', type: 'end' }, { id: 'b', type: 'end' }],
        edges: [
          { from: 'trigger', to: 'score' },
          { from: 'score', to: 'high' },
          { from: 'high', to: 'a', handle: 'true' },
          { from: 'high', to: 'b', handle: 'false' },
        ],
      },
    ],
  };
}

const DECLARED = { type: 'object', properties: { value: { type: 'number' } }, required: ['value'], additionalProperties: false };

function codes(app: App): string[] {
  const result = validateApp(app);
  return result.ok ? [] : result.issues.map((i) => i.code);
}

describe('a script node with a declared output', () => {
  it('types steps.<id> for the nodes after it', () => {
    const app = appWith(DECLARED, { field: 'steps.score.value', op: 'gt', value: 70 });
    expect(codes(app)).toEqual([]);
    const process = app.processes?.[0];
    if (!process) throw new Error('no process');
    const score = subjectsAtNode(app, process, 'high').subjects.find((s) => s.root === 'steps.score');
    expect(score?.schema).toEqual(DECLARED);
  });

  it('refuses at publish a key the declared output does not have, and an operand of the wrong type', () => {
    expect(codes(appWith(DECLARED, { field: 'steps.score.valeu', op: 'gt', value: 70 }))).toContain('CONDITION_UNKNOWN_KEY');
    expect(codes(appWith(DECLARED, { field: 'steps.score.value', op: 'gt', value: 'a lot' })).length).toBeGreaterThan(0);
  });

  it('without a declaration, reads the output untyped (compared by the operand)', () => {
    expect(codes(appWith(undefined, { field: 'steps.score.anything', op: 'gt', value: 70 }))).toEqual([]);
  });

  it('refuses a declaration that is not a JSON Schema, on the node\'s output', () => {
    const result = validateApp(appWith({ type: 'objekt' }, { field: 'steps.score.value', op: 'gt', value: 1 }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(
      expect.objectContaining({ code: 'SCRIPT_OUTPUT_SCHEMA_INVALID', pointer: '/processes/0/nodes/0/config/output', nodeId: 'score' }),
    );
  });
});
