import { SYSTEM_FIELDS, type App, type Scope } from '@crm/schemas';
import type { Knex } from 'knex';
import { NotFoundError, type AppError } from '../errors/index.js';
import { loadAccessSubject } from './access-subject.loader.js';
import { compiledRolesFor, policyForSubject } from './access.policy.js';
import type { AccessSubject, FieldAccessLevel, FieldGrantSource } from './access.types.js';
import type { CompiledRole, CompiledSharingRule } from './role-grants.compiler.js';
import { conditionUserOf, ownerInScope, sharingPredicate } from './scope.predicate.js';

/*
 * The access explainer: for one person and one record, whether they may read, update and delete it
 * and what decides it (admin, a role's scope, a sharing rule), in English and Russian, plus each
 * field's access and the roles it comes from. It asks the same compiled roles, scope decisions and
 * sharing-rule SQL as the policy the records API enforces, so the two cannot disagree.
 */

export type ExplainedOperation = 'read' | 'update' | 'delete';

export type Decider =
  | { role: string; admin: true }
  | { role: string; scope: Scope }
  | { role: string; sharingRule: string; condition: unknown };

export interface CheckedGrant {
  role: string;
  scope?: Scope;
  sharingRule?: string;
  matched: boolean;
  stale?: boolean;
}

export interface OperationExplanation {
  allowed: boolean;
  decidedBy: Decider[];
  checked: CheckedGrant[];
  reason: { en: string; ru: string };
}

export interface FieldExplanation {
  access: FieldAccessLevel;
  /** The roles whose answer is the effective one (the most permissive wins). */
  grantedBy: string[];
  sources: FieldGrantSource[];
}

export interface AccessExplanation {
  user: { id: string; email: string; name: string; roles: string[]; disabled: boolean };
  entity: string;
  record: { id: string; owner: string | null; deleted: boolean };
  /** Roles the person holds that the live definition does not define: they grant nothing. */
  unknownRoles: string[];
  read: OperationExplanation;
  update: OperationExplanation;
  delete: OperationExplanation;
  fields: Record<string, FieldExplanation>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function notFound(field: 'user' | 'entity' | 'id', en: string, ru: string): AppError {
  return NotFoundError.create(en, [{ field, code: 'NOT_FOUND', message: en, message_ru: ru }]);
}

const SCOPE_WORDS: Readonly<Record<Scope, { en: string; ru: string }>> = {
  none: { en: 'no records', ru: 'никакие записи' },
  own: { en: 'records they own', ru: 'свои записи' },
  team: { en: 'records owned by their team', ru: 'записи своей команды' },
  subtree: { en: 'records owned by their team and the teams below it', ru: 'записи своей команды и команд ниже' },
  all: { en: 'all records', ru: 'все записи' },
};

const VERBS: Readonly<Record<ExplainedOperation, { en: string; ru: string }>> = {
  read: { en: 'read', ru: 'читать' },
  update: { en: 'update', ru: 'изменять' },
  delete: { en: 'delete', ru: 'удалять' },
};

function describeDecider(d: Decider, op: ExplainedOperation): { en: string; ru: string } {
  if ('admin' in d) return { en: `role "${d.role}" is an admin role`, ru: `роль «${d.role}» — администраторская` };
  if ('sharingRule' in d) {
    return {
      en: `role "${d.role}" may ${VERBS[op].en} it through sharing rule "${d.sharingRule}"`,
      ru: `роль «${d.role}» может ${VERBS[op].ru} её по правилу доступа «${d.sharingRule}»`,
    };
  }
  return {
    en: `role "${d.role}" may ${VERBS[op].en} ${SCOPE_WORDS[d.scope].en}`,
    ru: `роль «${d.role}» может ${VERBS[op].ru} ${SCOPE_WORDS[d.scope].ru}`,
  };
}

function reasonFor(op: ExplainedOperation, deciders: readonly Decider[], checked: readonly CheckedGrant[], readAllowed: boolean, who: string): { en: string; ru: string } {
  if (deciders.length > 0 && (op === 'read' || readAllowed)) {
    const parts = deciders.map((d) => describeDecider(d, op));
    return { en: `Allowed: ${parts.map((p) => p.en).join('; ')}.`, ru: `Разрешено: ${parts.map((p) => p.ru).join('; ')}.` };
  }
  if (deciders.length > 0) {
    return {
      en: `Denied: ${who} may ${VERBS[op].en} it by role, but cannot read it, and a record one cannot read cannot be changed.`,
      ru: `Запрещено: ${who} может ${VERBS[op].ru} запись по роли, но не может её читать, а нечитаемую запись изменить нельзя.`,
    };
  }
  const considered = checked.map((c) =>
    c.sharingRule !== undefined
      ? { en: `sharing rule "${c.sharingRule}" of role "${c.role}" does not match${c.stale ? ' (stale: written for a field since recreated)' : ''}`, ru: `правило «${c.sharingRule}» роли «${c.role}» не подходит${c.stale ? ' (устарело: поле пересоздано)' : ''}` }
      : { en: `role "${c.role}" may ${VERBS[op].en} ${SCOPE_WORDS[c.scope ?? 'none'].en}`, ru: `роль «${c.role}» может ${VERBS[op].ru} ${SCOPE_WORDS[c.scope ?? 'none'].ru}` },
  );
  if (considered.length === 0) {
    return { en: `Denied: no role of ${who} grants ${VERBS[op].en} on these records.`, ru: `Запрещено: ни одна роль ${who} не даёт права ${VERBS[op].ru} эти записи.` };
  }
  return {
    en: `Denied: nothing grants ${VERBS[op].en} on this record (${considered.map((c) => c.en).join('; ')}).`,
    ru: `Запрещено: ничто не даёт права ${VERBS[op].ru} эту запись (${considered.map((c) => c.ru).join('; ')}).`,
  };
}

async function matchingRules(db: Knex, table: string, recordId: string, rules: readonly CompiledSharingRule[], app: App, subject: AccessSubject, now: Date): Promise<boolean[]> {
  if (rules.length === 0) return [];
  const user = conditionUserOf(subject);
  const query = db(table).where('id', recordId);
  rules.forEach((rule, i) => {
    const fragment = sharingPredicate(rule, table, { app, user, now });
    query.select(db.raw(`COALESCE((${fragment.sql}), FALSE) AS ??`, [...fragment.bindings, `r${i}`]));
  });
  const row: Record<string, unknown> | undefined = await query.first();
  return rules.map((_, i) => row?.[`r${i}`] === true);
}

function explainOperation(
  op: ExplainedOperation,
  roles: readonly CompiledRole[],
  entity: string,
  subject: AccessSubject,
  owner: string | null,
  ruleMatches: ReadonlyMap<CompiledSharingRule, boolean>,
): { deciders: Decider[]; checked: CheckedGrant[] } {
  const deciders: Decider[] = [];
  const checked: CheckedGrant[] = [];
  for (const role of roles) {
    const grants = role.entity(entity);
    const scope = grants.scopes[op];
    const inScope = ownerInScope(scope, subject, owner);
    checked.push({ role: role.name, scope, matched: inScope });
    if (inScope) deciders.push({ role: role.name, scope });
    for (const rule of grants.sharing) {
      if (!rule.access.has(op)) continue;
      const matched = !rule.stale && ruleMatches.get(rule) === true;
      checked.push({ role: role.name, sharingRule: rule.name, matched, ...(rule.stale ? { stale: true } : {}) });
      if (matched) deciders.push({ role: role.name, sharingRule: rule.name, condition: rule.condition });
    }
  }
  return { deciders, checked };
}

const OPERATIONS: readonly ExplainedOperation[] = ['read', 'update', 'delete'];

/**
 * Explains what `userId` may do with record `recordId` of `entityName`; 404 naming `user`, `entity`
 * or `id` when one does not exist (deleted records are explained too, and say so).
 */
export async function explainRecordAccess(db: Knex, app: App, userId: string, entityName: string, recordId: string, now = new Date()): Promise<AccessExplanation> {
  const account: { id: string; email: string; name: string; roles: string[]; disabled: boolean } | undefined = UUID.test(userId)
    ? await db('users').select('id', 'email', 'name', 'roles', 'disabled').where('id', userId).first()
    : undefined;
  if (!account) throw notFound('user', `There is no user ${userId}.`, `Пользователя ${userId} нет.`);
  const entity = app.entities.find((e) => e.name === entityName);
  if (!entity) throw notFound('entity', `There is no entity "${entityName}".`, `Сущности «${entityName}» нет.`);
  const table = `rec_${entity.name}`;
  const record: { id: string; owner: string | null; deleted_at: string | null } | undefined = UUID.test(recordId)
    ? await db(table).select('id', 'owner', 'deleted_at').where('id', recordId).first()
    : undefined;
  if (!record) throw notFound('id', `There is no ${entity.name} record ${recordId}.`, `Записи «${entity.name}» ${recordId} нет.`);

  // A disabled account is explained with its roles, and every operation is denied: it cannot act.
  const subject = await loadAccessSubject(db, account.id, { includeDisabled: true });
  const compiled = await compiledRolesFor(db, app);
  const roleNames = account.roles;
  const roles = roleNames.flatMap((name) => {
    const role = compiled.role(name);
    return role ? [role] : [];
  });
  const unknownRoles = roleNames.filter((name) => !compiled.role(name) && name !== 'admin');
  const adminRoles = roleNames.filter((name) => name === 'admin' || compiled.role(name)?.admin === true);
  const who = `"${account.name}"`;
  const base = {
    user: { id: account.id, email: account.email, name: account.name, roles: roleNames, disabled: account.disabled },
    entity: entity.name,
    record: { id: record.id, owner: record.owner, deleted: record.deleted_at !== null },
    unknownRoles,
  };
  const policy = await policyForSubject(db, app, subject, { now });
  const active = subject !== null && !account.disabled;
  const access = policy.entity(entity.name);
  const fields: Record<string, FieldExplanation> = {};
  for (const name of [...SYSTEM_FIELDS, ...entity.fields.map((f) => f.name)]) {
    const effective = access.fieldAccess(name);
    const sources = access.fieldSources(name);
    fields[name] = { access: effective, grantedBy: sources.filter((s) => s.access === effective && effective !== 'hidden').map((s) => s.role), sources };
  }

  if (adminRoles.length > 0 && active) {
    const byAdmin = (op: ExplainedOperation): OperationExplanation => {
      const decidedBy: Decider[] = adminRoles.map((role) => ({ role, admin: true }));
      return { allowed: true, decidedBy, checked: [], reason: reasonFor(op, decidedBy, [], true, who) };
    };
    return { ...base, read: byAdmin('read'), update: byAdmin('update'), delete: byAdmin('delete'), fields };
  }

  const rules = roles.flatMap((role) => role.entity(entity.name).sharing.filter((rule) => !rule.stale));
  const matches = subject ? await matchingRules(db, table, record.id, rules, app, subject, now) : [];
  const ruleMatches = new Map(rules.map((rule, i) => [rule, matches[i] === true]));
  const explained = new Map<ExplainedOperation, OperationExplanation>();
  let readAllowed = false;
  for (const op of OPERATIONS) {
    if (!subject || !active) {
      const reason = { en: `Denied: ${who}'s account is disabled.`, ru: `Запрещено: учётная запись ${who} отключена.` };
      explained.set(op, { allowed: false, decidedBy: [], checked: [], reason });
      continue;
    }
    const { deciders, checked } = explainOperation(op, roles, entity.name, subject, record.owner, ruleMatches);
    const allowed: boolean = deciders.length > 0 && (op === 'read' || readAllowed);
    if (op === 'read') readAllowed = allowed;
    explained.set(op, { allowed, decidedBy: deciders, checked, reason: reasonFor(op, deciders, checked, readAllowed, who) });
  }
  const pick = (op: ExplainedOperation): OperationExplanation => explained.get(op) ?? { allowed: false, decidedBy: [], checked: [], reason: { en: 'Denied.', ru: 'Запрещено.' } };
  return { ...base, read: pick('read'), update: pick('update'), delete: pick('delete'), fields };
}
