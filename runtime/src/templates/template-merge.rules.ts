import type { App, TemplateBundle, TemplateInstallParts } from '@crm/schemas';
import type { ErrorDetail } from '../errors/app-error.js';

/*
 * Installing a template into an app that is already live adds the template's parts beside the
 * app's own; it never replaces one. Two parts of a kind with the same name would be one replacing
 * the other, so any shared name (or a team or person that already exists) refuses the install, and
 * the refusal names every clash.
 */

const PART_KINDS = ['entities', 'pipelines', 'roles', 'processes', 'views', 'forms', 'dashboards'] as const;
type PartKind = (typeof PART_KINDS)[number];

const PART_LABELS: Record<PartKind | 'teams' | 'people', { en: string; ru: string }> = {
  entities: { en: 'entity', ru: 'сущность' },
  pipelines: { en: 'pipeline', ru: 'воронка' },
  roles: { en: 'role', ru: 'роль' },
  processes: { en: 'process', ru: 'процесс' },
  views: { en: 'view', ru: 'представление' },
  forms: { en: 'form', ru: 'форма' },
  dashboards: { en: 'dashboard', ru: 'дашборд' },
  teams: { en: 'team', ru: 'команда' },
  people: { en: 'person', ru: 'сотрудник' },
};

function namesOf(app: App, kind: PartKind): string[] {
  return (app[kind] ?? []).map((part) => part.name);
}

export interface ExistingPeople {
  teams: readonly string[];
  emails: readonly string[];
}

/** Every part of the template whose name is taken, as error details pointing at the part. */
export function templateClashes(live: App | null, bundle: TemplateBundle, existing: ExistingPeople): ErrorDetail[] {
  const clashes: Array<{ kind: PartKind | 'teams' | 'people'; name: string }> = [];
  if (live) {
    for (const kind of PART_KINDS) {
      const taken = new Set(namesOf(live, kind));
      for (const name of namesOf(bundle.app, kind)) if (taken.has(name)) clashes.push({ kind, name });
    }
  }
  const teams = new Set(existing.teams);
  for (const team of bundle.teams ?? []) if (teams.has(team.name)) clashes.push({ kind: 'teams', name: team.name });
  const emails = new Set(existing.emails.map((e) => e.toLowerCase()));
  for (const user of bundle.users ?? []) if (emails.has(user.email.toLowerCase())) clashes.push({ kind: 'people', name: user.email });
  return clashes.map(({ kind, name }) => ({
    code: 'NAME_TAKEN',
    field: `${kind}/${name}`,
    part: kind,
    name,
    message: `The app already has a ${PART_LABELS[kind].en} named "${name}".`,
    message_ru: `В приложении уже есть ${PART_LABELS[kind].ru} «${name}».`,
  }));
}

/** The live app with the template's parts added after its own; the app's name, labels and settings stay. */
export function appWithTemplate(live: App, template: App): App {
  const merged: App = { ...live, entities: [...live.entities, ...template.entities] };
  for (const kind of PART_KINDS) {
    if (kind === 'entities') continue;
    const parts = [...(live[kind] ?? []), ...(template[kind] ?? [])];
    if (parts.length > 0) Object.assign(merged, { [kind]: parts });
  }
  return merged;
}

export function partsOf(bundle: TemplateBundle): TemplateInstallParts {
  return {
    entities: bundle.app.entities.map((e) => ({ name: e.name, fields: e.fields.map((f) => f.name) })),
    pipelines: namesOf(bundle.app, 'pipelines'),
    roles: namesOf(bundle.app, 'roles'),
    processes: namesOf(bundle.app, 'processes'),
    views: namesOf(bundle.app, 'views'),
    forms: namesOf(bundle.app, 'forms'),
    dashboards: namesOf(bundle.app, 'dashboards'),
    teams: (bundle.teams ?? []).map((t) => t.name),
    people: (bundle.users ?? []).map((u) => u.email),
  };
}

export function recordCountsOf(bundle: TemplateBundle): Record<string, number> {
  return Object.fromEntries(Object.entries(bundle.data ?? {}).map(([entity, rows]) => [entity, rows.length]));
}
