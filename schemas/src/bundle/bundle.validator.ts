import type { ErrorObject, ValidateFunction } from 'ajv';
import type { AppBundle } from '../../generated/definition.types.js';
import { getDefinitionAjv } from '../validation/ajv.instance.js';
import bundleSchema from '../../json/bundle.schema.json' with { type: 'json' };

/*
 * A bundle file (schemas/json/bundle.schema.json) checked before an instance acts on it. A bundle
 * from a newer runtime is refused by its formatVersion before its shape is judged: its shape may
 * have changed in ways this version cannot know.
 */

/**
 * 2: bundles carry the app's document and e-mail templates (textTemplates). 3: a bundle with data
 * carries the document numbering counters (documentSequences), the files attached to records (files)
 * and the documents made from them (recordDocuments). Older versions are still read.
 */
export const BUNDLE_FORMAT_VERSION = 3;

export interface BundleProblem {
  pointer: string;
  message: { en: string; ru: string };
}

export type BundleCheck = { ok: true; bundle: AppBundle } | { ok: false; newer: boolean; problems: BundleProblem[] };

// Compiled on first use, on the definition language's Ajv instance (the definition refers to app.schema.json).
let validator: ValidateFunction<AppBundle> | undefined;
function compiled(): ValidateFunction<AppBundle> {
  validator ??= getDefinitionAjv().compile<AppBundle>(bundleSchema);
  return validator;
}

function problemOf(error: ErrorObject): BundleProblem {
  const where = error.instancePath || '/';
  // A member the format does not have is named and pointed at, not left as "additional properties".
  const extra: unknown = error.keyword === 'additionalProperties' ? error.params['additionalProperty'] : undefined;
  if (typeof extra === 'string') {
    const pointer = `${error.instancePath}/${extra.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    return { pointer, message: { en: `${where}: "${extra}" is not part of a bundle`, ru: `${where}: «${extra}» не входит в формат пакета` } };
  }
  return { pointer: error.instancePath, message: { en: `${where}: ${error.message ?? 'is not valid'}`, ru: `${where}: значение не подходит (${error.message ?? ''})` } };
}

export function checkBundle(input: unknown): BundleCheck {
  const version = typeof input === 'object' && input !== null && 'formatVersion' in input ? input.formatVersion : undefined;
  if (typeof version === 'number' && version > BUNDLE_FORMAT_VERSION) {
    return {
      ok: false,
      newer: true,
      problems: [
        {
          pointer: '/formatVersion',
          message: {
            en: `The bundle has format version ${version}, newer than this CRM understands (${BUNDLE_FORMAT_VERSION}). Update the CRM to import it.`,
            ru: `Формат пакета (версия ${version}) новее, чем понимает эта версия CRM (${BUNDLE_FORMAT_VERSION}). Обновите CRM, чтобы импортировать его.`,
          },
        },
      ],
    };
  }
  const validate = compiled();
  if (validate(input)) return { ok: true, bundle: input };
  return { ok: false, newer: false, problems: (validate.errors ?? []).map(problemOf) };
}
