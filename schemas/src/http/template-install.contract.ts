import type { PlanStepView } from './definitions.contract.js';

/*
 * POST /api/templates/:name/install (admins only):
 *
 *   ?dryRun=true -> TemplateInstallPreview   what installing would create, with the publish plan; nothing changes
 *   (no dryRun)  -> TemplateInstallResult    the template published (beside a live app when names do not clash)
 *
 * Body (optional): TemplateInstallRequest. A name the live app (or its people) already uses is
 * refused with 409 TEMPLATE_CLASH, one detail per clashing part, before anything is written.
 */

export interface TemplateInstallRequest {
  /** Password given to the template's demo people; without it they cannot sign in until an admin sets one. */
  demoPassword?: string;
}

/** 'new': nothing is live, the template becomes the app. 'beside': its parts are added to the live app. */
export type TemplateInstallMode = 'new' | 'beside';

/** The names of the parts the template adds, by kind. */
export interface TemplateInstallParts {
  entities: Array<{ name: string; fields: string[] }>;
  pipelines: string[];
  roles: string[];
  /**
   * Live roles of the same name and powers the template's roles are merged into: they keep their
   * grants and gain access to the template's parts (so every template's `admin` can go beside another's).
   */
  rolesExtended: string[];
  processes: string[];
  views: string[];
  forms: string[];
  dashboards: string[];
  /** The web forms (app.webForms) the template adds. */
  webForms: string[];
  /** The document and e-mail templates (the template's textTemplates) the install creates. */
  textTemplates: string[];
  teams: string[];
  people: string[];
}

export interface TemplateInstallPreview {
  dryRun: true;
  template: string;
  mode: TemplateInstallMode;
  creates: TemplateInstallParts;
  /** Demo records per entity. */
  records: Record<string, number>;
  /** The publish plan the definitions service computes for the resulting app. */
  plan: PlanStepView[];
}

export interface TemplateInstallResult {
  dryRun: false;
  template: string;
  mode: TemplateInstallMode;
  version: number;
  people: number;
  records: number;
}
