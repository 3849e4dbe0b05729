import { describe, expect, it } from 'vitest';
import type { Trigger } from '../../generated/definition.types.js';
import { fullApp, mainProcess } from '../testing/full-app.fixture.js';
import { issuesAfter, nodeOf, codesAndPointers } from '../testing/semantic-issues.fixture.js';
import { validateApp } from '../validation/app.validator.js';

/* Processes in a definition: triggers, node configs, the graph and before-save limits (validateApp). */

describe('process triggers resolve', () => {
  it('record trigger entity exists', () => {
    const issues = issuesAfter((app) => {
      const trigger = mainProcess(app).trigger;
      if (trigger.type === 'record') trigger.entity = 'lead';
    });
    expect(issues).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_ENTITY', pointer: '/processes/0/trigger/entity', process: 'big_deal' }));
  });

  it('stage trigger pipeline, stage and entity agree', () => {
    const set = (change: (t: Trigger) => void) =>
      issuesAfter((app) => {
        const process = app.processes?.[2];
        if (process) change(process.trigger);
      });
    const unknownPipeline = set((t) => t.type === 'stage' && (t.pipeline = 'support'));
    const unknownStage = set((t) => t.type === 'stage' && (t.stage = 'closed'));
    const otherEntity = set((t) => t.type === 'stage' && (t.entity = 'company'));
    expect(codesAndPointers(unknownPipeline)).toEqual([['UNKNOWN_PIPELINE', '/processes/2/trigger/pipeline']]);
    expect(codesAndPointers(unknownStage)).toEqual([['UNKNOWN_STAGE', '/processes/2/trigger/stage']]);
    expect(codesAndPointers(otherEntity)).toContainEqual(['PIPELINE_ENTITY_MISMATCH', '/processes/2/trigger/pipeline']);
  });

  it('date trigger field is a date field', () => {
    const issues = issuesAfter((app) => {
      const trigger = app.processes?.[3]?.trigger;
      if (trigger?.type === 'date') trigger.field = 'full_name';
    });
    expect(codesAndPointers(issues)).toEqual([['WRONG_FIELD_TYPE', '/processes/3/trigger/field']]);
  });
});

describe('node configs resolve', () => {
  it('assign names an existing role', () => {
    const issues = issuesAfter((app) => (nodeOf(app, 'assign', 'assign').config.role = 'sales'));
    expect(issues).toEqual([expect.objectContaining({ code: 'UNKNOWN_ROLE', pointer: '/processes/0/nodes/2/config/role', nodeId: 'assign', process: 'big_deal' })]);
    expect(issues[0]?.message.en).toBe('Node "assign" of process "big_deal" refers to role "sales", which does not exist');
  });

  it('update_record values are writable fields of the target entity', () => {
    const issues = issuesAfter((app) => {
      nodeOf(app, 'set_probability', 'update_record').config.values = { probabilty: 50, weighted_amount: 1, id: 'x', owner: { $ref: 'record.manager' } };
    });
    expect(codesAndPointers(issues)).toEqual([
      ['UNKNOWN_FIELD', '/processes/0/nodes/3/config/values/probabilty'],
      ['READ_ONLY_FIELD', '/processes/0/nodes/3/config/values/weighted_amount'],
      ['READ_ONLY_FIELD', '/processes/0/nodes/3/config/values/id'],
    ]);
  });

  it('update_record with a target checks that entity', () => {
    const issues = issuesAfter((app) => {
      const node = nodeOf(app, 'set_probability', 'update_record');
      node.config.target = { entity: 'company', id: { $ref: 'record.company' } };
    });
    expect(codesAndPointers(issues)).toEqual([
      ['UNKNOWN_FIELD', '/processes/0/nodes/3/config/values/probability'],
      ['UNKNOWN_FIELD', '/processes/0/nodes/3/config/values/manager'],
    ]);
  });

  it('document with a recordRef names an entity, and a field of the record that is a relation to it', () => {
    const withDocument = (recordRef: unknown) =>
      issuesAfter((app) => {
        const nodes: unknown[] = mainProcess(app).nodes;
        nodes.push({ id: 'company_card', type: 'document', config: { template: 'card', recordRef } });
      }).filter((i) => i.pointer.includes('/config'));
    expect(codesAndPointers(withDocument({ entity: 'company', id: { $ref: 'record.company' } }))).toEqual([]);
    expect(codesAndPointers(withDocument({ entity: 'company', id: { $ref: 'steps.make_company.id' } }))).toEqual([]);
    const mismatch = withDocument({ entity: 'contact', id: { $ref: 'record.company' } });
    expect(codesAndPointers(mismatch)).toEqual([['RECORD_REF_MISMATCH', '/processes/0/nodes/18/config/recordRef/id']]);
    expect(mismatch[0]?.message.en).toContain('field "company" does not point to a record of entity "contact"');
    expect(codesAndPointers(withDocument({ entity: 'company', id: { $ref: 'record.compnay' } }))).toEqual([['UNKNOWN_FIELD', '/processes/0/nodes/18/config/recordRef/id']]);
    expect(codesAndPointers(withDocument({ entity: 'invoice', id: { $ref: 'record.company' } }))).toEqual([['UNKNOWN_ENTITY', '/processes/0/nodes/18/config/recordRef/entity']]);
  });

  it('create_record names an existing entity and gives its required fields', () => {
    const unknown = issuesAfter((app) => (nodeOf(app, 'log_contact', 'create_record').config.entity = 'note'));
    const missing = issuesAfter((app) => (nodeOf(app, 'log_contact', 'create_record').config.values = { city: 'Москва' }));
    expect(codesAndPointers(unknown)).toEqual([['UNKNOWN_ENTITY', '/processes/0/nodes/13/config/entity']]);
    expect(codesAndPointers(missing)).toEqual([['MISSING_REQUIRED_VALUE', '/processes/0/nodes/13/config/values']]);
  });

  it('approval and notify name existing roles', () => {
    const issues = issuesAfter((app) => {
      nodeOf(app, 'approve', 'approval').config.approvers = ['boss@example.com', { role: 'ceo' }];
      nodeOf(app, 'tell_head', 'notify').config.to = [{ role: 'cfo' }];
    });
    expect(codesAndPointers(issues)).toEqual([
      ['UNKNOWN_ROLE', '/processes/0/nodes/4/config/approvers/1/role'],
      ['UNKNOWN_ROLE', '/processes/0/nodes/7/config/to/0/role'],
    ]);
  });

  it('wait waits for something, on a date field', () => {
    const nothing = issuesAfter((app) => (nodeOf(app, 'cool_down', 'wait').config = {}));
    const notDate = issuesAfter((app) => (nodeOf(app, 'cool_down', 'wait').config = { untilField: 'title' }));
    expect(codesAndPointers(nothing)).toEqual([['MISSING_CONFIG', '/processes/0/nodes/14/config']]);
    expect(codesAndPointers(notDate)).toEqual([['WRONG_FIELD_TYPE', '/processes/0/nodes/14/config/untilField']]);
  });

  it('loop iterates a to-many relation', () => {
    const issues = issuesAfter((app) => (nodeOf(app, 'each_contact', 'loop').config.relation = 'company'));
    expect(codesAndPointers(issues)).toEqual([['WRONG_FIELD_TYPE', '/processes/0/nodes/12/config/relation']]);
  });

  it('call_process names an existing process', () => {
    const issues = issuesAfter((app) => (nodeOf(app, 'follow_up', 'call_process').config.process = 'escalate'));
    expect(codesAndPointers(issues)).toEqual([['UNKNOWN_PROCESS', '/processes/0/nodes/15/config/process']]);
  });

  it('switch case handles are unique and not "default"', () => {
    const issues = issuesAfter((app) => {
      const cases = nodeOf(app, 'by_source', 'switch').config.cases;
      cases.push({ handle: 'web', condition: { field: 'source', op: 'eq', value: 'web' } }, { handle: 'default', condition: { field: 'source', op: 'isEmpty' } });
    });
    expect(codesAndPointers(issues)).toEqual([
      ['DUPLICATE_HANDLE', '/processes/0/nodes/1/config/cases/2/handle'],
      ['DUPLICATE_HANDLE', '/processes/0/nodes/1/config/cases/3/handle'],
    ]);
  });

  it('a failed end points its refusal at a field of the trigger entity; its message may be one text or ru/en', () => {
    const app = fullApp();
    nodeOf(app, 'rejected', 'end').config = { status: 'failed', message: { ru: 'Отклонено: {{record.title}}', en: 'Rejected: {{record.title}}' }, field: 'amount' };
    nodeOf(app, 'done', 'end').config = { status: 'completed', message: 'Done' };
    expect(validateApp(app)).toMatchObject({ ok: true });
    const unknown = issuesAfter((app) => (nodeOf(app, 'rejected', 'end').config = { status: 'failed', message: { en: 'Rejected' }, field: 'amout' }));
    expect(codesAndPointers(unknown)).toEqual([['UNKNOWN_FIELD', '/processes/0/nodes/17/config/field']]);
    expect(unknown[0]?.message.en).toContain('"amout"');
  });

  it('record nodes need a trigger with a record', () => {
    const issues = issuesAfter((app) => {
      const nightly = app.processes?.[4];
      nightly?.nodes.push({ id: 'touch', type: 'update_record', config: { values: { probability: 1 } } });
      nightly?.edges.push({ from: 'ping', to: 'touch' });
    });
    expect(issues).toEqual([expect.objectContaining({ code: 'NO_RECORD_CONTEXT', pointer: '/processes/4/nodes/1', nodeId: 'touch', process: 'nightly' })]);
  });
});

describe('process graph', () => {
  it('the trigger leads somewhere', () => {
    const issues = issuesAfter((app) => {
      const follow = app.processes?.[1];
      if (follow) follow.edges = [];
    });
    expect(codesAndPointers(issues)).toEqual([
      ['TRIGGER_NOT_CONNECTED', '/processes/1/trigger'],
      ['ORPHAN_NODE', '/processes/1/nodes/0'],
    ]);
  });

  it('edges join existing nodes and never lead into the trigger', () => {
    const issues = issuesAfter((app) => mainProcess(app).edges.push({ from: 'ghost', to: 'done' }, { from: 'score', to: 'phantom' }, { from: 'score', to: 'trigger' }));
    expect(codesAndPointers(issues)).toEqual([
      ['UNKNOWN_NODE', '/processes/0/edges/24/from'],
      ['UNKNOWN_NODE', '/processes/0/edges/25/to'],
      ['EDGE_TO_TRIGGER', '/processes/0/edges/26/to'],
    ]);
  });

  it('no edge uses a handle its node does not have', () => {
    const issues = issuesAfter((app) => mainProcess(app).edges.push({ from: 'is_big', to: 'done', handle: 'maybe' }, { from: 'score', to: 'done', handle: 'true' }, { from: 'done', to: 'rejected' }));
    expect(issues.map((i) => [i.code, i.pointer, i.nodeId])).toEqual([
      ['UNKNOWN_HANDLE', '/processes/0/edges/24/handle', 'is_big'],
      ['UNKNOWN_HANDLE', '/processes/0/edges/25/handle', 'score'],
      ['UNKNOWN_HANDLE', '/processes/0/edges/26', 'done'],
    ]);
    expect(issues[0]?.message.en).toBe('Node "is_big" of process "big_deal" has no output "maybe"; its outputs are true, false');
  });

  it('every branch handle is connected', () => {
    const issues = issuesAfter((app) => {
      const process = mainProcess(app);
      process.edges = process.edges.filter((e) => !(e.from === 'is_big' && e.handle === 'false') && !(e.from === 'approve' && e.handle === 'rejected') && !(e.from === 'by_source' && e.handle === 'default'));
    });
    expect(issues.map((i) => [i.code, i.pointer, i.nodeId])).toEqual([
      ['UNCONNECTED_HANDLE', '/processes/0/nodes/0', 'is_big'],
      ['UNCONNECTED_HANDLE', '/processes/0/nodes/1', 'by_source'],
      ['UNCONNECTED_HANDLE', '/processes/0/nodes/4', 'approve'],
      ['ORPHAN_NODE', '/processes/0/nodes/17', 'rejected'],
    ]);
    expect(issues.find((i) => i.nodeId === 'is_big')?.message).toEqual({
      ru: 'Выход «false» узла «is_big» процесса «big_deal» ни с чем не связан',
      en: 'Output "false" of node "is_big" of process "big_deal" is not connected',
    });
  });

  it('every node is reachable from the trigger', () => {
    const issues = issuesAfter((app) => mainProcess(app).nodes.push({ id: 'stray', type: 'end' }));
    expect(issues).toEqual([expect.objectContaining({ code: 'ORPHAN_NODE', pointer: '/processes/0/nodes/18', nodeId: 'stray', process: 'big_deal' })]);
  });

  it('refuses a cycle with no wait, approval or loop in it', () => {
    const issues = issuesAfter((app) => mainProcess(app).edges.push({ from: 'score', to: 'crm_sync' }));
    expect(issues).toEqual([expect.objectContaining({ code: 'CYCLE', pointer: '/processes/0/nodes/10', nodeId: 'crm_sync' })]);
    expect(issues[0]?.message.en).toContain('Nodes "crm_sync", "score" of process "big_deal" form a cycle');
  });

  it('checks a process of thousands of steps in a chain without running out of stack (regression: RangeError)', () => {
    const app = fullApp();
    const count = 10_000;
    const nodes = Array.from({ length: count }, (_, i) => ({ id: `step_${i}`, type: 'join' as const }));
    const process = mainProcess(app);
    process.nodes = nodes;
    // A closed ring of steps that never wait: one CYCLE issue, named at the step the walk entered by.
    process.edges = [{ from: 'trigger', to: 'step_0' }, ...nodes.map((n, i) => ({ from: n.id, to: `step_${(i + 1) % count}` }))];
    const result = validateApp(app);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues.filter((i) => i.process === process.name);
    expect(issues.map((i) => i.code)).toEqual(['CYCLE']);
    expect(issues[0]?.nodeId).toBe('step_0');
    // The message names the first few steps, not all ten thousand.
    expect(issues[0]?.message.en).toMatch(/^Nodes "step_0", "step_1", .*"step_9" and 9990 more of process /);
    expect(issues[0]?.message.ru).toContain('«step_9» и ещё 9990 процесса');
  });

  it('allows a cycle through a wait node and a loop back into its loop node', () => {
    // ARRANGE
    const app = fullApp();
    mainProcess(app).edges.push({ from: 'follow_up', to: 'cool_down' });

    // ACT / ASSERT
    expect(validateApp(app).ok).toBe(true);
  });
});

describe('before-save processes', () => {
  it('start from a record and do not wait', () => {
    const issues = issuesAfter((app) => {
      const process = app.processes?.[2];
      if (!process) return;
      process.nodes.push({ id: 'pause', type: 'wait', config: { duration: 'PT1M' } });
      process.edges.push({ from: 'certain', to: 'pause' });
      process.nodes.push({ id: 'ping', type: 'http', config: { url: 'https://example.com/hook' } });
      process.edges.push({ from: 'pause', to: 'ping' });
      const nightly = app.processes?.[4];
      if (nightly) nightly.mode = 'before-save';
    });
    expect(codesAndPointers(issues)).toEqual([
      ['BEFORE_SAVE_NODE', '/processes/2/nodes/1'],
      ['BEFORE_SAVE_NODE', '/processes/2/nodes/2'],
      ['BEFORE_SAVE_TRIGGER', '/processes/4/trigger/type'],
      // The nightly process calls out (its first node); before save that cannot be undone.
      ['BEFORE_SAVE_NODE', '/processes/4/nodes/0'],
    ]);
  });
});
