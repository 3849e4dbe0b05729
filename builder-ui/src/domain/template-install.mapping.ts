import type { App, LocalizedText, TemplateInstallPreview, UiLocale } from '@crm/schemas';
import { localizedText } from './localized-text.rules.js';

/*
 * The install dry run in the admin's words: the runtime names what a template would create by its
 * technical names (deal, sales_rep); the gallery has the template's app, so each part is shown by
 * its label in the admin's language, the name only where the app gives none.
 */

export const INSTALL_PART_KEYS = ['entities', 'pipelines', 'roles', 'rolesExtended', 'processes', 'views', 'forms', 'dashboards', 'webForms', 'textTemplates', 'teams', 'people', 'records'] as const;
export type InstallPartKey = (typeof INSTALL_PART_KEYS)[number];

export interface InstallPart {
  key: InstallPartKey;
  items: string[];
}

type Labelled = { name: string; label?: LocalizedText };

function labelsOf(parts: readonly Labelled[] | undefined, names: readonly string[], locale: UiLocale): string[] {
  return names.map((name) => localizedText(parts?.find((p) => p.name === name)?.label, locale, name));
}

/** The parts the dry run says would be created, each kind with its labels, kinds with nothing left out. */
export function installParts(preview: TemplateInstallPreview, app: App, locale: UiLocale): InstallPart[] {
  const { creates } = preview;
  const records = Object.entries(preview.records).map(([entity, n]) => `${labelsOf(app.entities, [entity], locale).join('')}: ${n}`);
  const byKey: Record<InstallPartKey, string[]> = {
    entities: labelsOf(
      app.entities,
      creates.entities.map((e) => e.name),
      locale,
    ),
    pipelines: labelsOf(app.pipelines, creates.pipelines, locale),
    roles: labelsOf(app.roles, creates.roles, locale),
    rolesExtended: labelsOf(app.roles, creates.rolesExtended, locale),
    processes: labelsOf(app.processes, creates.processes, locale),
    views: labelsOf(app.views, creates.views, locale),
    forms: labelsOf(app.forms, creates.forms, locale),
    dashboards: labelsOf(app.dashboards, creates.dashboards, locale),
    webForms: labelsOf(app.webForms, creates.webForms, locale),
    // Document and e-mail templates live beside the app, not in it: shown by their names.
    textTemplates: [...creates.textTemplates],
    teams: [...creates.teams],
    people: [...creates.people],
    records,
  };
  return INSTALL_PART_KEYS.map((key) => ({ key, items: byKey[key] })).filter((p) => p.items.length > 0);
}
