import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { linearRegExp } from '../validation/linear-regexp.factory.js';
import { isStorableDate, isStorableDateTime } from './storable-date.rules.js';

/*
 * The Ajv instance for record schemas. Separate from the definition-language instance because
 * record schemas come and go with each published app: they are compiled, then dropped from Ajv's
 * cache, and the validators live as long as the app object that produced them (see record.validator.ts).
 * A field's `pattern` is the admin's: it runs on the linear-time engine, never on a backtracking one.
 * Dates are checked as ajv-formats does, within the years the database stores. `ownProperties`: a
 * field named `constructor` or `toString` is absent unless the record has it (not Object.prototype's).
 */
function createRecordAjv(): Ajv2020 {
  const ajv = addFormats(
    new Ajv2020({ allErrors: true, verbose: true, ownProperties: true, allowUnionTypes: true, strictSchema: true, strictTypes: true, strictRequired: false, code: { regExp: linearRegExp } }),
  );
  ajv.addFormat('date', isStorableDate);
  ajv.addFormat('date-time', isStorableDateTime);
  return ajv;
}

export const recordAjv: Ajv2020 = createRecordAjv();
