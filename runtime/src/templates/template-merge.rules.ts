import type { App, TemplateBundle, TemplateInstallParts } from '@crm/schemas';
import type { ErrorDetail } from '../errors/app-error.js';

/*
 * Installing a template into an app that is already live adds the template's parts beside the
 * app's own; it never replaces one. Two parts of a kind with the same name would be one replacing
 * the other, so any shared name (or a team or person that already exists) refuses the install, and
 * the refusal names every clash.
 *
 * Roles are the exception: every template has an `admin`, most a `sales_rep` or a `manager`, and an
 * admin adding a second template means the same people to work with the new parts. A template's role
 * whose name is taken by a role of the same kind (the same admin and builder powers) is therefore
 * merged into it: the live role keeps its label and every grant it has, and gains the template's
 * grants on the template's own entities (which are new: a shared entity name is still a clash) and
 * its sharing rules. A role of the same name with other powers is a clash, as before.
 */

const PART_KINDS = ['entities', 'pipelines', 'roles', 'processes', 'views', 'forms', 'dashboards', 'webForms'] as const;
type PartKind = (typeof PART_KINDS)[number];

type ClashKind = PartKind | 'textTemplates' | 'teams' | 'people';

const PART_LABELS: Record<ClashKind, { en: string; ru: string }> = {
  entities: { en: 'entity', ru: 'сущность' },
  pipelines: { en: 'pipeline', ru: 'воронка' },
  roles: { en: 'role', ru: 'роль' },
  processes: { en: 'process', ru: 'процесс' },
  views: { en: 'view', ru: 'представление' },
  forms: { en: 'form', ru: 'форма' },
  dashboards: { en: 'dashboard', ru: 'дашборд' },
  webForms: { en: 'web form', ru: 'веб-форма' },
  textTemplates: { en: 'document or e-mail template', ru: 'шаблон документа или письма' },
  teams: { en: 'team', ru: 'команда' },
  people: { en: 'person', ru: 'сотрудник' },
};

function namesOf(app: App, kind: PartKind): string[] {
  return (app[kind] ?? []).map((part) => part.name);
}

type Role = NonNullable<App['roles']>[number];

/** Same admin and builder powers: the template's role may be merged into the live one. */
function sameKindOfRole(live: Role, template: Role): boolean {
  return (live.admin ?? false) === (template.admin ?? false) && (live.builder ?? false) === (template.builder ?? false);
}

function liveRoleNamed(live: App | null, name: string): Role | undefined {
  return live?.roles?.find((role) => role.name === name);
}

/** The template's roles that are merged into a live role of the same name rather than added. */
export function mergedRoleNames(live: App | null, template: App): string[] {
  return (template.roles ?? []).filter((role) => {
    const existing = liveRoleNamed(live, role.name);
    return existing !== undefined && sameKindOfRole(existing, role);
  }).map((role) => role.name);
}

function mergeRole(live: Role, template: Role): Role {
  const merged: Role = { ...live, entities: { ...template.entities, ...live.entities } };
  const fields = { ...template.fields, ...live.fields };
  if (Object.keys(fields).length > 0) merged.fields = fields;
  const sharing = [...(live.sharing ?? []), ...(template.sharing ?? [])];
  if (sharing.length > 0) merged.sharing = sharing;
  return merged;
}

/** What exists outside the definition: teams, people, and document and e-mail templates (text_templates). */
export interface ExistingPeople {
  teams: readonly string[];
  emails: readonly string[];
  textTemplates?: readonly string[];
}

/** Every part of the template whose name is taken, as error details pointing at the part. */
export function templateClashes(live: App | null, bundle: TemplateBundle, existing: ExistingPeople): ErrorDetail[] {
  const clashes: Array<{ kind: ClashKind; name: string }> = [];
  if (live) {
    const merged = new Set(mergedRoleNames(live, bundle.app));
    for (const kind of PART_KINDS) {
      const taken = new Set(namesOf(live, kind));
      for (const name of namesOf(bundle.app, kind)) {
        if (taken.has(name) && !(kind === 'roles' && merged.has(name))) clashes.push({ kind, name });
      }
    }
  }
  const textTemplates = new Set(existing.textTemplates ?? []);
  for (const template of bundle.textTemplates ?? []) if (textTemplates.has(template.name)) clashes.push({ kind: 'textTemplates', name: template.name });
  const teams = new Set(existing.teams);
  for (const team of bundle.teams ?? []) if (teams.has(team.name)) clashes.push({ kind: 'teams', name: team.name });
  const emails = new Set(existing.emails.map((e) => e.toLowerCase()));
  for (const user of bundle.users ?? []) if (emails.has(user.email.toLowerCase())) clashes.push({ kind: 'people', name: user.email });
  return clashes.map(({ kind, name }) => ({
    code: 'NAME_TAKEN',
    field: `${kind}/${name}`,
    part: kind,
    name,
    message: `The app already has ${/^[aeiou]/.test(PART_LABELS[kind].en) ? 'an' : 'a'} ${PART_LABELS[kind].en} named "${name}".`,
    message_ru: `В приложении уже есть ${PART_LABELS[kind].ru} «${name}».`,
  }));
}

/**
 * The live app with the template's parts added after its own (roles of the same name and kind merged,
 * see above); the app's name, labels and settings stay.
 */
export function appWithTemplate(live: App, template: App): App {
  const merged: App = { ...live, entities: [...live.entities, ...template.entities] };
  const mergedRoles = new Set(mergedRoleNames(live, template));
  for (const kind of PART_KINDS) {
    if (kind === 'entities') continue;
    const added = (template[kind] ?? []).filter((part) => !(kind === 'roles' && mergedRoles.has(part.name)));
    const parts = [...(live[kind] ?? []), ...added];
    if (parts.length > 0) Object.assign(merged, { [kind]: parts });
  }
  if (mergedRoles.size > 0) {
    merged.roles = (merged.roles ?? []).map((role) => {
      const theirs = mergedRoles.has(role.name) ? template.roles?.find((r) => r.name === role.name) : undefined;
      return theirs ? mergeRole(role, theirs) : role;
    });
  }
  return merged;
}

/** What the template adds; into a live app, roles it merges are listed apart from those it creates. */
export function partsOf(bundle: TemplateBundle, live: App | null = null): TemplateInstallParts {
  const merged = new Set(mergedRoleNames(live, bundle.app));
  return {
    entities: bundle.app.entities.map((e) => ({ name: e.name, fields: e.fields.map((f) => f.name) })),
    pipelines: namesOf(bundle.app, 'pipelines'),
    roles: namesOf(bundle.app, 'roles').filter((name) => !merged.has(name)),
    rolesExtended: [...merged],
    processes: namesOf(bundle.app, 'processes'),
    views: namesOf(bundle.app, 'views'),
    forms: namesOf(bundle.app, 'forms'),
    dashboards: namesOf(bundle.app, 'dashboards'),
    webForms: namesOf(bundle.app, 'webForms'),
    textTemplates: (bundle.textTemplates ?? []).map((t) => t.name),
    teams: (bundle.teams ?? []).map((t) => t.name),
    people: (bundle.users ?? []).map((u) => u.email),
  };
}

export function recordCountsOf(bundle: TemplateBundle): Record<string, number> {
  return Object.fromEntries(Object.entries(bundle.data ?? {}).map(([entity, rows]) => [entity, rows.length]));
}
