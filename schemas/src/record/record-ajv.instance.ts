import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/*
 * The Ajv instance for record schemas. Separate from the definition-language instance because
 * record schemas come and go with each published app: they are compiled, then dropped from Ajv's
 * cache, and the validators live as long as the app object that produced them (see record.validator.ts).
 */
export const recordAjv: Ajv2020 = addFormats(
  new Ajv2020({ allErrors: true, verbose: true, ownProperties: true, allowUnionTypes: true, strictSchema: true, strictTypes: true, strictRequired: false }),
);
