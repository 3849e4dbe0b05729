import appSchema from '../../json/app.schema.json' with { type: 'json' };
import commonSchema from '../../json/common.schema.json' with { type: 'json' };
import conditionSchema from '../../json/condition.schema.json' with { type: 'json' };
import dashboardSchema from '../../json/dashboard.schema.json' with { type: 'json' };
import entitySchema from '../../json/entity.schema.json' with { type: 'json' };
import fieldSchema from '../../json/field.schema.json' with { type: 'json' };
import formSchema from '../../json/form.schema.json' with { type: 'json' };
import pipelineSchema from '../../json/pipeline.schema.json' with { type: 'json' };
import processSchema from '../../json/process.schema.json' with { type: 'json' };
import roleSchema from '../../json/role.schema.json' with { type: 'json' };
import templateSchema from '../../json/template.schema.json' with { type: 'json' };
import viewSchema from '../../json/view.schema.json' with { type: 'json' };
import webFormSchema from '../../json/web-form.schema.json' with { type: 'json' };

/*
 * Every schema of the definition language, imported as JSON so the same code runs in Node and in
 * the browser (the builder validates as the analyst types).
 */

export const SCHEMA_BASE_URI = 'https://crm-builder.dev/schemas/';

export const DEFINITION_SCHEMAS = [
  commonSchema,
  conditionSchema,
  fieldSchema,
  entitySchema,
  pipelineSchema,
  roleSchema,
  processSchema,
  viewSchema,
  formSchema,
  dashboardSchema,
  webFormSchema,
  appSchema,
  templateSchema,
] as const;

/** The $id of the schema in schemas/json/<file>. */
export function schemaId(file: string): string {
  return `${SCHEMA_BASE_URI}${file}`;
}
