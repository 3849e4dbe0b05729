import type { App, LocalizedText } from '../../generated/definition.types.js';

/*
 * /api/templates as the builder's template gallery reads it (builders and admins only):
 *
 *   GET /api/templates        -> TemplateSummary[]   every valid template under templates/
 *   GET /api/templates/:name  -> TemplateDetail      its app definition, to preview and put into the draft
 */

export interface TemplateCounts {
  entities: number;
  pipelines: number;
  roles: number;
  processes: number;
  /** Demo records across every entity. */
  records: number;
}

export interface TemplateSummary {
  name: string;
  version: string | null;
  label: LocalizedText;
  description: LocalizedText | null;
  counts: TemplateCounts;
}

export interface TemplateDetail extends TemplateSummary {
  app: App;
}
