import type { FieldAccess } from '../../generated/definition.types.js';

/*
 * GET /api/access/explain?user=&entity=&id= (admins; runtime/src/access/access.explainer.ts): why
 * one person may or may not read, update and delete one stored record, and each field's access,
 * asked of the same policy the records API enforces. The role matrix's "view as role" shows it.
 */

/** Who decided an operation: an admin role, a role's scope, or a sharing rule whose condition matched. */
export type ExplainedDecider = { role: string; admin: true } | { role: string; scope: string } | { role: string; sharingRule: string; condition: unknown };

export interface ExplainedOperation {
  allowed: boolean;
  decidedBy: ExplainedDecider[];
  reason: { en: string; ru: string };
}

export interface ExplainedField {
  access: FieldAccess;
  /** The roles whose answer is the effective one (the most permissive wins). */
  grantedBy: string[];
  sources: Array<{ role: string; access: FieldAccess; source: 'grant' | 'default' | 'stale' | 'admin' }>;
}

export interface AccessExplanation {
  user: { id: string; email: string; name: string; roles: string[]; disabled: boolean };
  entity: string;
  record: { id: string; owner: string | null; deleted: boolean };
  /** Roles the person holds that the live definition does not define: they grant nothing. */
  unknownRoles: string[];
  read: ExplainedOperation;
  update: ExplainedOperation;
  delete: ExplainedOperation;
  fields: Record<string, ExplainedField>;
}
