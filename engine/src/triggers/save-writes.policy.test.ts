import type { App, Node, Process } from '@crm/schemas';
import { describe, expect, it } from 'vitest';
import { beforeSaveWritesElsewhere, recordWriteMayStartWork } from './save-writes.policy.js';

function process(mode: 'before-save' | 'after-save', nodes: Node[], entity = 'deal'): Process {
  return { name: `p_${mode}_${nodes.length}`, mode, trigger: { type: 'record', entity, on: ['create', 'update'] }, nodes, edges: [] } as unknown as Process;
}

const app = (...processes: Process[]): App => ({ processes }) as unknown as App;
const node = (type: string, config: Record<string, unknown> = {}): Node => ({ id: type, type, config }) as unknown as Node;

describe('save-writes policy', () => {
  it('lets a before-save process that only decides and sets the record write nothing else', () => {
    const routing = process('before-save', [node('condition'), node('assign', { strategy: 'role-least-loaded', role: 'senior' }), node('update_record', { values: {} }), node('end')]);
    // A task's and a notification's rows go in with the step's row, which the save writes.
    const reminding = process('before-save', [node('create_task'), node('notify')]);
    expect(beforeSaveWritesElsewhere(app(routing), 'deal')).toBe(false);
    expect(beforeSaveWritesElsewhere(app(reminding), 'deal')).toBe(false);
    expect(beforeSaveWritesElsewhere(app(), 'deal')).toBe(false);
  });

  it('says a before-save process writes when a node writes rows of its own', () => {
    for (const writer of [
      node('assign', { strategy: 'role-round-robin', role: 'senior' }),
      node('update_record', { target: { entity: 'company', id: '{{record.company}}' }, values: {} }),
      node('create_record', { entity: 'task', values: {} }),
      node('email'),
      node('script'),
    ]) {
      expect(beforeSaveWritesElsewhere(app(process('before-save', [writer])), 'deal'), writer.type).toBe(true);
    }
    // Another entity's or a disabled process does not count.
    expect(beforeSaveWritesElsewhere(app(process('before-save', [node('email')], 'contact')), 'deal')).toBe(false);
    expect(beforeSaveWritesElsewhere(app({ ...process('before-save', [node('email')]), enabled: false }), 'deal')).toBe(false);
  });

  it('starts work on a create only when an after-save trigger fits it; any other write may wake a wait', () => {
    const create = { entity: 'deal', action: 'create' as const, before: null, after: { stage: 'lead' } };
    expect(recordWriteMayStartWork(app(process('before-save', [node('end')])), create)).toBe(false);
    expect(recordWriteMayStartWork(app(process('after-save', [node('end')])), create)).toBe(true);
    const contract = { name: 'contract', mode: 'after-save', trigger: { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'contract' }, nodes: [], edges: [] } as unknown as Process;
    const withPipeline = { processes: [contract], pipelines: [{ name: 'sales', entity: 'deal', field: 'stage' }] } as unknown as App;
    expect(recordWriteMayStartWork(withPipeline, create)).toBe(false);
    expect(recordWriteMayStartWork(withPipeline, { ...create, after: { stage: 'contract' } })).toBe(true);
    expect(recordWriteMayStartWork(app(), { ...create, action: 'update', before: {} })).toBe(true);
  });
});
