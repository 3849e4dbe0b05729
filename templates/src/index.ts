/* @crm/templates: industry templates (app definition + demo people and data), loaded and validated. */
export {
  InvalidTemplateError,
  TEMPLATE_FILE,
  TEMPLATES_DIR,
  TemplateNotFoundError,
  listTemplates,
  loadTemplate,
  readTemplate,
  type TemplateReadResult,
} from './template.loader.js';
