import { describe, expect, it } from 'vitest';
import type { App, DefinitionIssue, PlanStepView } from '@crm/schemas';
import { allConfirmed, entityIssues, fieldIssues, issueTarget, problemsFromRefusal } from './publish-review.mapping.js';

const app: App = {
  name: 'crm',
  entities: [{ name: 'deal', label: { en: 'Deal' }, fields: [{ name: 'title', type: 'text' }, { name: 'amount', type: 'money' }] }],
  processes: [{ name: 'greet', trigger: { type: 'manual' }, nodes: [{ id: 'end_1', type: 'end' }], edges: [] }],
};

const issue = (pointer: string, extra: Partial<DefinitionIssue> = {}): DefinitionIssue => ({ code: 'X', pointer, message: { ru: 'ру', en: 'en' }, ...extra });

describe('issues placed where they are fixed', () => {
  it('opens the field of an entity, the node of a process, or the area', () => {
    expect(issueTarget(app, issue('/entities/0/fields/1/currency'))).toEqual({ path: '/builder/entities/deal', query: { field: 'amount' } });
    expect(issueTarget(app, issue('/entities/0/display'))).toEqual({ path: '/builder/entities/deal', query: {} });
    expect(issueTarget(app, issue('/processes/0/nodes/0/config'))).toEqual({ path: '/builder/processes/greet', query: { node: 'end_1' } });
    expect(issueTarget(app, issue('/processes/0', { nodeId: 'n9', process: 'greet' }))).toEqual({ path: '/builder/processes/greet', query: { node: 'n9' } });
    expect(issueTarget(app, issue('/pipelines/0/stages'))).toEqual({ path: '/builder/pipelines', query: {} });
    expect(issueTarget(app, issue('/name'))).toBeNull();
  });

  it('gives a field its own issues and the entity the rest', () => {
    const issues = [issue('/entities/0/fields/1'), issue('/entities/0/fields/10/name'), issue('/entities/0/fields/1/options/0'), issue('/entities/0/display')];
    expect(fieldIssues(issues, 0, 1).map((i) => i.pointer)).toEqual(['/entities/0/fields/1', '/entities/0/fields/1/options/0']);
    expect(entityIssues(issues, 0).map((i) => i.pointer)).toEqual(['/entities/0/display']);
  });
});

describe('a refused dry run as problems', () => {
  it('reads issue details with pointers and refusals naming entity.field', () => {
    const invalid = problemsFromRefusal(app, {
      code: 'INVALID_DEFINITION',
      details: [{ code: 'UNKNOWN_FIELD', pointer: '/entities/0/fields/0', message: 'Bad', message_ru: 'Плохо' }],
    });
    expect(invalid).toEqual([{ code: 'UNKNOWN_FIELD', pointer: '/entities/0/fields/0', message: { en: 'Bad', ru: 'Плохо' }, target: { path: '/builder/entities/deal', query: { field: 'title' } } }]);
    const unsafe = problemsFromRefusal(app, { code: 'UNSAFE_MIGRATION', details: [{ code: 'TYPE_CHANGE', field: 'deal.amount', message: 'No' }] });
    expect(unsafe?.[0]).toMatchObject({ pointer: '/entities/0/fields/1', message: { en: 'No', ru: 'No' } });
    expect(problemsFromRefusal(app, { code: 'FORBIDDEN', details: [] })).toBeNull();
  });
});

describe('confirming destructive steps by name', () => {
  const plan: PlanStepView[] = [
    { id: 'drop-field:deal.amount', kind: 'drop-field', entity: 'deal', field: 'amount', destructive: true, description: { ru: '', en: '' } },
    { id: 'drop-entity:company', kind: 'drop-entity', entity: 'company', destructive: true, description: { ru: '', en: '' } },
    { id: 'add-field:deal.x', kind: 'add-field', entity: 'deal', field: 'x', destructive: false, description: { ru: '', en: '' } },
  ];
  it('needs every destructive step typed by its field or entity name', () => {
    expect(allConfirmed(plan, { 'drop-field:deal.amount': 'amount' })).toBe(false);
    expect(allConfirmed(plan, { 'drop-field:deal.amount': ' amount ', 'drop-entity:company': 'company' })).toBe(true);
    expect(allConfirmed(plan.slice(2), {})).toBe(true);
  });
});
