import { pointerTokens, type App, type DefinitionIssue, type LocalizedMessage, type PlanStepView } from '@crm/schemas';
import { humanIssueMessage } from './issue-wording.mapping.js';

/*
 * What the publish dialog and the field editor make of the server's answers: issues placed next to
 * the entity, field or process node they point at, and a link to open it; a refused dry run (422
 * with issue details, 409 with refusals) turned into problems; destructive steps singled out for
 * confirmation by name.
 */

export interface IssueTarget {
  path: string;
  query: Record<string, string>;
}

export interface Problem {
  code: string;
  message: LocalizedMessage;
  pointer: string;
  target: IssueTarget | null;
}

const AREA_PATHS: Readonly<Record<string, string>> = {
  pipelines: '/builder/pipelines',
  roles: '/builder/roles',
  views: '/builder/forms-views',
  forms: '/builder/forms-views',
};

function index(token: string | undefined): number {
  return token !== undefined && /^\d+$/.test(token) ? Number(token) : -1;
}

/** Where in the builder the thing a pointer names is edited; null when nothing there edits it. */
export function issueTarget(app: App | null, issue: Pick<DefinitionIssue, 'pointer' | 'nodeId' | 'process'>): IssueTarget | null {
  const tokens = pointerTokens(issue.pointer);
  const [area, at, member, fieldAt] = tokens;
  if (area === 'entities') {
    const entity = app?.entities[index(at)];
    if (!entity) return { path: '/builder/entities', query: {} };
    const field = member === 'fields' ? entity.fields[index(fieldAt)] : undefined;
    return { path: `/builder/entities/${entity.name}`, query: field ? { field: field.name } : {} };
  }
  if (area === 'processes') {
    const name = issue.process ?? app?.processes?.[index(at)]?.name;
    const nodeId = issue.nodeId ?? (member === 'nodes' ? app?.processes?.[index(at)]?.nodes[index(fieldAt)]?.id : undefined);
    if (!name) return { path: '/builder/processes', query: {} };
    return { path: `/builder/processes/${name}`, query: nodeId ? { node: nodeId } : {} };
  }
  const path = area === undefined ? undefined : AREA_PATHS[area];
  return path ? { path, query: {} } : null;
}

/** The issues about field `f` of entity `e` (its options and settings included). */
export function fieldIssues(issues: readonly DefinitionIssue[], e: number, f: number): DefinitionIssue[] {
  const prefix = `/entities/${e}/fields/${f}`;
  return issues.filter((i) => i.pointer === prefix || i.pointer.startsWith(`${prefix}/`));
}

/** The issues about entity `e` itself (its name, label, display, search), not about one field. */
export function entityIssues(issues: readonly DefinitionIssue[], e: number): DefinitionIssue[] {
  const prefix = `/entities/${e}`;
  return issues.filter((i) => (i.pointer === prefix || i.pointer.startsWith(`${prefix}/`)) && !i.pointer.startsWith(`${prefix}/fields/`));
}

export function problemsFromIssues(app: App | null, issues: readonly DefinitionIssue[]): Problem[] {
  return issues.map((issue) => ({ code: issue.code, message: humanIssueMessage(app, issue), pointer: issue.pointer, target: issueTarget(app, issue) }));
}

interface ErrorLike {
  code: string;
  details: ReadonlyArray<Record<string, unknown>>;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * A refused dry run as problems: INVALID_DEFINITION details carry a pointer (and a node and a
 * process for process issues); UNSAFE_MIGRATION details name `entity.field`. Null: not a refusal.
 */
export function problemsFromRefusal(app: App | null, error: ErrorLike): Problem[] | null {
  if (error.code !== 'INVALID_DEFINITION' && error.code !== 'UNSAFE_MIGRATION') return null;
  return error.details.map((detail) => {
    const en = text(detail['message']) ?? error.code;
    const message = { en, ru: text(detail['message_ru']) ?? en };
    let pointer = text(detail['pointer']) ?? '';
    const field = text(detail['field']);
    if (pointer === '' && field && app) {
      const [entityName, fieldName] = field.split('.');
      const e = app.entities.findIndex((x) => x.name === entityName);
      const f = e >= 0 ? (app.entities[e]?.fields.findIndex((x) => x.name === fieldName) ?? -1) : -1;
      pointer = e < 0 ? '' : f < 0 ? `/entities/${e}` : `/entities/${e}/fields/${f}`;
    }
    const nodeId = text(detail['nodeId']) ?? undefined;
    const process = text(detail['process']) ?? undefined;
    return { code: text(detail['code']) ?? error.code, message: humanIssueMessage(app, { message, process, nodeId }), pointer, target: pointer ? issueTarget(app, { pointer, nodeId, process }) : null };
  });
}

/** The name the analyst types to confirm a destructive step: the field's or the entity's. */
export function confirmationName(step: PlanStepView): string {
  return step.field ?? step.entity;
}

/** Whether every destructive step is confirmed by its name. */
export function allConfirmed(plan: readonly PlanStepView[], typed: Readonly<Record<string, string>>): boolean {
  return plan.filter((s) => s.destructive).every((s) => (typed[s.id] ?? '').trim() === confirmationName(s));
}
