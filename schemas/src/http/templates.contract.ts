import type { App, LocalizedText, TemplateTextTemplate } from '../../generated/definition.types.js';

/*
 * /api/templates as the builder's template gallery reads it (builders and admins only):
 *
 *   GET /api/templates        -> TemplateSummary[]   every valid template under templates/
 *   GET /api/templates/:name  -> TemplateDetail      its app definition, to preview and put into the draft
 *   POST /api/templates/:name/draft-text-templates -> DraftTextTemplatesResponse
 *                                the template's document and e-mail templates wait for the next
 *                                publish ("use this template": they need the entities it creates)
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

/** A template's document or e-mail template as the gallery lists it (no body). */
export type TemplateTextTemplateSummary = Pick<TemplateTextTemplate, 'name' | 'kind' | 'entity' | 'label'>;

export interface TemplateDetail extends TemplateSummary {
  app: App;
  textTemplates: TemplateTextTemplateSummary[];
}

export interface DraftTextTemplatesResponse {
  template: string;
  /** Names of the text templates the next publish will create (one whose name is taken then is left out). */
  textTemplates: string[];
}
