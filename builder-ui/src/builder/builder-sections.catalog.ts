/**
 * The builder's sections, in the order of the top bar. `adminOnly`: every request behind it is an
 * admin's (the server refuses anyone else), so the top bar offers it to admins only.
 */
export const BUILDER_SECTIONS = [
  { path: 'entities', labelKey: 'builder.nav.entities' },
  { path: 'pipelines', labelKey: 'builder.nav.pipelines' },
  { path: 'roles', labelKey: 'builder.nav.roles' },
  { path: 'processes', labelKey: 'builder.nav.processes' },
  { path: 'runs', labelKey: 'runs.nav', adminOnly: true },
  { path: 'forms-views', labelKey: 'builder.nav.formsViews' },
  { path: 'dashboards', labelKey: 'dashboardsBuilder.nav' },
  { path: 'web-forms', labelKey: 'webForms.nav' },
  { path: 'text-templates', labelKey: 'textTemplates.nav' },
  { path: 'telephony', labelKey: 'telephony.nav', adminOnly: true },
  { path: 'publish', labelKey: 'builder.nav.publish' },
  { path: 'templates', labelKey: 'builder.nav.templates' },
  { path: 'settings', labelKey: 'settings.nav', adminOnly: true },
] as const;

export type BuilderSectionPath = (typeof BUILDER_SECTIONS)[number]['path'];

export const BUILDER_SECTION_PATTERN = BUILDER_SECTIONS.map((section) => section.path).join('|');

/** The sections the top bar offers: all of them to an admin, the others to the rest. */
export function offeredSections<T extends { path: string; adminOnly?: boolean }>(sections: readonly T[], isAdmin: boolean): T[] {
  return sections.filter((section) => isAdmin || section.adminOnly !== true);
}
