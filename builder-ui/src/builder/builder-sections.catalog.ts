/** The builder's sections, in the order of the top bar; each gets its screens in later work. */
export const BUILDER_SECTIONS = [
  { path: 'entities', labelKey: 'builder.nav.entities' },
  { path: 'pipelines', labelKey: 'builder.nav.pipelines' },
  { path: 'roles', labelKey: 'builder.nav.roles' },
  { path: 'processes', labelKey: 'builder.nav.processes' },
  { path: 'runs', labelKey: 'runs.nav' },
  { path: 'forms-views', labelKey: 'builder.nav.formsViews' },
  { path: 'dashboards', labelKey: 'dashboardsBuilder.nav' },
  { path: 'web-forms', labelKey: 'webForms.nav' },
  { path: 'text-templates', labelKey: 'textTemplates.nav' },
  { path: 'telephony', labelKey: 'telephony.nav' },
  { path: 'publish', labelKey: 'builder.nav.publish' },
  { path: 'templates', labelKey: 'builder.nav.templates' },
  { path: 'settings', labelKey: 'settings.nav' },
] as const;

export type BuilderSectionPath = (typeof BUILDER_SECTIONS)[number]['path'];

export const BUILDER_SECTION_PATTERN = BUILDER_SECTIONS.map((section) => section.path).join('|');
