import type { TemplateBundle } from '../../generated/definition.types.js';
import { buildCatalog, type DefinitionCatalog } from '../definition/definition.catalog.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { issue, repeatedNames } from '../semantic/rule.context.js';
import { semanticMessages as m } from '../semantic/semantic-issue.messages.js';
import { words } from '../semantic/subject.words.js';
import { looksLikeRelativeDate, parseRelativeDate } from './relative-date.resolver.js';
import { textTemplateIssues } from './template-text.rules.js';

/*
 * What a template adds to its app: demo data only for entities the app has, demo users with roles
 * the app defines and teams the template lists, each user and team once; document and e-mail
 * templates over the app's entities and fields (template-text.rules.ts).
 */

function teamIssues(template: TemplateBundle): DefinitionIssue[] {
  const teams = template.teams ?? [];
  const names = new Set(teams.map((t) => t.name));
  const repeated = new Set(repeatedNames(teams, (t) => t.name).map((r) => r.index));
  return teams.flatMap((team, i) => {
    const at = joinPointer('', 'teams', i);
    const issues: DefinitionIssue[] = [];
    if (repeated.has(i)) issues.push(issue('DUPLICATE_NAME', joinPointer(at, 'name'), m.duplicateTeam(team.name)));
    if (team.parent !== undefined && !names.has(team.parent)) {
      issues.push(issue('UNKNOWN_TEAM', joinPointer(at, 'parent'), m.unknownTeam(words.team(team.name), team.parent)));
    }
    return issues;
  });
}

function userIssues(template: TemplateBundle): DefinitionIssue[] {
  const catalog = buildCatalog(template.app);
  const users = template.users ?? [];
  const teams = new Set((template.teams ?? []).map((t) => t.name));
  const repeated = new Set(repeatedNames(users, (u) => u.email.toLowerCase()).map((r) => r.index));
  return users.flatMap((user, i) => {
    const at = joinPointer('', 'users', i);
    const where = words.templateUser(user.email);
    const issues: DefinitionIssue[] = [];
    if (repeated.has(i)) issues.push(issue('DUPLICATE_NAME', joinPointer(at, 'email'), m.duplicateTemplateUser(user.email)));
    user.roles.forEach((role, j) => {
      if (!catalog.role(role)) issues.push(issue('UNKNOWN_ROLE', joinPointer(at, 'roles', j), m.unknownRole(where, role)));
    });
    if (user.team !== undefined && !teams.has(user.team)) issues.push(issue('UNKNOWN_TEAM', joinPointer(at, 'team'), m.unknownTeam(where, user.team)));
    return issues;
  });
}

function dataIssues(template: TemplateBundle): DefinitionIssue[] {
  const catalog = buildCatalog(template.app);
  return Object.entries(template.data ?? {}).flatMap(([entity, rows]) =>
    catalog.entity(entity)
      ? relativeDateIssues(catalog, entity, rows)
      : [issue('UNKNOWN_ENTITY', joinPointer('', 'data', entity), m.unknownEntity(words.demoData(), entity))],
  );
}

/** {"$today": ...} / {"$now": ...} demo values: a signed ISO 8601 duration, on a date or datetime field. */
function relativeDateIssues(catalog: DefinitionCatalog, entity: string, rows: ReadonlyArray<Record<string, unknown>>): DefinitionIssue[] {
  return rows.flatMap((row, i) =>
    Object.entries(row).flatMap(([field, value]) => {
      if (!looksLikeRelativeDate(value)) return [];
      const at = joinPointer('', 'data', entity, i, field);
      const type = catalog.field(entity, field)?.type;
      if (type !== 'date' && type !== 'datetime') {
        return [issue('INVALID_RELATIVE_DATE', at, { ru: `«${field}»: относительная дата ($today / $now) возможна только в поле даты или даты и времени.`, en: `"${field}": a relative date ($today / $now) fits only a date or datetime field.` })];
      }
      const parsed = parseRelativeDate(value);
      if (typeof parsed !== 'string') return [];
      return [issue('INVALID_RELATIVE_DATE', at, { ru: `«${field}»: нужен ровно один ключ $today или $now с длительностью ISO 8601, например {"$today": "-P25D"}.`, en: `"${field}": expected exactly one key, $today or $now, with an ISO 8601 duration such as {"$today": "-P25D"}.` })];
    }),
  );
}

/** Issues in the template's own parts; pointers are relative to the bundle. */
export function checkTemplateSemantics(template: TemplateBundle): DefinitionIssue[] {
  return [...teamIssues(template), ...userIssues(template), ...dataIssues(template), ...textTemplateIssues(template)];
}
