import { describe, expect, it } from 'vitest';
import type { App, Edge, Node, Process, Trigger } from '../../generated/definition.types.js';
import { validateApp } from '../validation/app.validator.js';
import { NODE_TYPES, nodeOutputSchema } from './node-type.catalog.js';
import { subjectsAtNode } from './process-subjects.mapping.js';

/* What each node of a process can read (subjectsAtNode), and publish refusing what it cannot. */

function app(processes: Process[]): App {
  return {
    name: 'subjects_test',
    entities: [
      {
        name: 'deal',
        label: { en: 'Deal' },
        fields: [
          { name: 'amount', type: 'money' },
          { name: 'lines', type: 'relation', target: 'line', cardinality: 'one-to-many', inverse: 'deal' },
        ],
      },
      { name: 'line', label: { en: 'Line' }, fields: [{ name: 'qty', type: 'integer' }, { name: 'deal', type: 'relation', target: 'deal' }] },
    ],
    processes,
  };
}

const END: Node[] = [
  { id: 'yes', type: 'end' },
  { id: 'no', type: 'end' },
];
const BRANCHES: Edge[] = [
  { from: 'check', to: 'yes', handle: 'true' },
  { from: 'check', to: 'no', handle: 'false' },
];
const WEBHOOK: Trigger = { type: 'webhook', name: 'lead', schema: { type: 'object', properties: { total: { type: 'number' } }, additionalProperties: false } };

function conditionProcess(trigger: Trigger, condition: unknown): Process {
  return {
    name: 'p',
    trigger,
    nodes: [{ id: 'check', type: 'condition', config: { condition: JSON.parse(JSON.stringify(condition)) } }, ...END],
    edges: [{ from: 'trigger', to: 'check' }, ...BRANCHES],
  };
}

function issuesOf(processes: Process[]): Array<{ code: string; pointer: string; nodeId?: string | undefined; en: string }> {
  const result = validateApp(app(processes));
  return result.ok ? [] : result.issues.map((i) => ({ code: i.code, pointer: i.pointer, nodeId: i.nodeId, en: i.message.en }));
}

const loopProcess: Process = {
  name: 'lines',
  trigger: { type: 'record', entity: 'deal', on: ['update'] },
  nodes: [
    { id: 'fetch', type: 'http', config: { url: 'https://example.com' } },
    { id: 'each_lines', type: 'loop', config: { relation: 'lines' } },
    { id: 'inside', type: 'condition', config: { condition: { field: 'steps.each_lines.item.qty', op: 'gt', value: 5 } } },
    { id: 'after', type: 'condition', config: { condition: { field: 'steps.fetch.status', op: 'eq', value: 200 } } },
    { id: 'bump', type: 'update_record', config: { values: { amount: 1 } } },
    { id: 'fin', type: 'end' },
  ],
  edges: [
    { from: 'trigger', to: 'fetch' },
    { from: 'fetch', to: 'each_lines' },
    { from: 'each_lines', to: 'inside', handle: 'each' },
    { from: 'inside', to: 'bump', handle: 'true' },
    { from: 'inside', to: 'each_lines', handle: 'false' },
    { from: 'bump', to: 'each_lines' },
    { from: 'each_lines', to: 'after', handle: 'done' },
    { from: 'after', to: 'fin', handle: 'true' },
    { from: 'after', to: 'fin', handle: 'false' },
  ],
};

describe('subjectsAtNode', () => {
  it('gives a webhook process no record, its body typed from the trigger schema, and no steps before the first node', () => {
    const process = conditionProcess(WEBHOOK, { field: 'trigger.body.total', op: 'gt', value: 1 });
    const subjects = subjectsAtNode(app([process]), process, 'check');
    expect(subjects.entity).toBeUndefined();
    expect(subjects.subjects.map((s) => s.root)).toEqual(['trigger', '$user', '$now']);
    expect(subjects.subjects[0]?.schema).toMatchObject({ properties: { body: { properties: { total: { type: 'number' } } } } });
    expect(subjects.unavailable.map((u) => u.root)).toEqual(['record', 'steps.check', 'steps.yes', 'steps.no']);
  });

  it('offers ancestors only, the loop item inside the each branch only, and types outputs from the catalog', () => {
    const definition = app([loopProcess]);
    const inside = subjectsAtNode(definition, loopProcess, 'inside');
    const after = subjectsAtNode(definition, loopProcess, 'after');
    expect(inside.entity).toBe('deal');
    expect(inside.subjects.map((s) => s.root)).toEqual(['record', 'trigger', 'steps.fetch', 'steps.each_lines', 'steps.inside', 'steps.bump', '$user', '$now']);
    expect(inside.subjects.find((s) => s.root === 'steps.each_lines')?.schema).toMatchObject({ properties: { item: { properties: { qty: { type: ['integer', 'null'] } } } } });
    expect(after.unavailable.map((u) => u.root)).toContain('steps.each_lines.item');
    expect(after.subjects.find((s) => s.root === 'steps.fetch')?.schema).toMatchObject({ properties: { status: { type: 'integer' } } });
  });

  it('has an entry for every node type with ru and en words', () => {
    for (const [type, info] of Object.entries(NODE_TYPES)) {
      expect(info.label.ru, type).toBeTruthy();
      expect(info.description.en, type).toBeTruthy();
      expect(info.configTitle).toMatch(/Node$/);
    }
    expect(nodeOutputSchema(app([]), { id: 's', type: 'switch', config: { cases: [{ handle: 'big', condition: { field: 'amount', op: 'gt', value: 1 } }] } }, 'deal'))
      .toMatchObject({ properties: { case: { enum: ['big', 'default'] } } });
  });
});

describe('publish refuses conditions whose subject cannot exist at the node', () => {
  it('accepts a webhook process branching on its body', () => {
    expect(issuesOf([conditionProcess(WEBHOOK, { field: 'trigger.body.total', op: 'gt', value: 100 })])).toEqual([]);
  });

  it('refuses a record field in a webhook process, naming the node and pointing at the field', () => {
    expect(issuesOf([conditionProcess(WEBHOOK, { field: 'record.amount', op: 'gt', value: 100 })])).toEqual([
      {
        code: 'CONDITION_SUBJECT_UNAVAILABLE',
        pointer: '/processes/0/nodes/0/config/condition/field',
        nodeId: 'check',
        en: 'The condition of node "check" of process "p": "record.amount" is not available here: the webhook trigger gives the run no record.',
      },
    ]);
  });

  it('refuses a key the webhook body schema does not have, and a step that does not run before the node', () => {
    expect(issuesOf([conditionProcess(WEBHOOK, { field: 'trigger.body.sum', op: 'gt', value: 1 })]).map((i) => i.code)).toEqual(['CONDITION_UNKNOWN_KEY']);
    expect(issuesOf([conditionProcess(WEBHOOK, { field: 'steps.yes.status', op: 'eq', value: 'completed' })]).map((i) => [i.code, i.nodeId])).toEqual([
      ['CONDITION_SUBJECT_UNAVAILABLE', 'check'],
    ]);
  });

  it('accepts the loop item inside the each branch and refuses it after done', () => {
    expect(issuesOf([loopProcess])).toEqual([]);
    const broken: Process = {
      ...loopProcess,
      nodes: loopProcess.nodes.map((n) => (n.id === 'after' && n.type === 'condition' ? { ...n, config: { condition: { field: 'steps.each_lines.item.qty', op: 'gt', value: 1 } } } : n)),
    };
    expect(issuesOf([broken]).map((i) => [i.code, i.pointer, i.nodeId])).toEqual([['CONDITION_SUBJECT_UNAVAILABLE', '/processes/0/nodes/3/config/condition/field', 'after']]);
  });

  it('checks switch cases the same way', () => {
    const process: Process = {
      name: 'sw',
      trigger: { type: 'schedule', cron: '0 9 * * 1' },
      nodes: [
        { id: 'pick', type: 'switch', config: { cases: [{ handle: 'big', condition: { field: 'amount', op: 'gt', value: 1 } }, { handle: 'ok', condition: { field: 'trigger.scheduledAt', op: 'lt', value: '$now' } }] } },
        { id: 'fin', type: 'end' },
      ],
      edges: [{ from: 'trigger', to: 'pick' }, { from: 'pick', to: 'fin', handle: 'big' }, { from: 'pick', to: 'fin', handle: 'ok' }, { from: 'pick', to: 'fin', handle: 'default' }],
    };
    expect(issuesOf([process]).map((i) => [i.code, i.pointer])).toEqual([['CONDITION_SUBJECT_UNAVAILABLE', '/processes/0/nodes/0/config/cases/0/condition/field']]);
  });
});
