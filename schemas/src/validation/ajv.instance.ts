import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DEFINITION_SCHEMAS } from './definition-schemas.registry.js';
import { linearRegExp } from './linear-regexp.factory.js';

/** The builder's property-panel hints in the schemas (schemas/json/process.schema.json). */
export const UI_HINT_KEYWORDS = ['x-label', 'x-widget', 'x-order', 'x-help', 'x-enum-labels', 'x-shown-when'] as const;

/*
 * The one Ajv instance of the definition language: draft 2020-12, formats, discriminated unions,
 * every error reported (the builder shows them all at once), every schema added once; patterns run
 * on the linear-time engine.
 */
function createDefinitionAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, discriminator: true, verbose: true, strictSchema: true, strictNumbers: true, strictTuples: true, strictTypes: true, strictRequired: false, code: { regExp: linearRegExp } });
  addFormats(ajv);
  // Builder hints (labels, widgets, order, help) annotate process.schema.json; they never validate.
  for (const keyword of UI_HINT_KEYWORDS) ajv.addKeyword({ keyword });
  for (const schema of DEFINITION_SCHEMAS) ajv.addSchema(schema);
  return ajv;
}

let instance: Ajv2020 | undefined;

/*
 * Built on first use, never at import: adding the schemas compiles Ajv's meta-schema validator with
 * `new Function`, and the workspace's Content-Security-Policy (no 'unsafe-eval') would refuse that
 * in any chunk that merely imports a value from @crm/schemas. Only the validators call this.
 */
export function getDefinitionAjv(): Ajv2020 {
  instance ??= createDefinitionAjv();
  return instance;
}
