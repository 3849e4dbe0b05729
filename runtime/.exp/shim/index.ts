// TEMPORARY development shim for @crm/schemas (not part of the deliverable).
import Ajv2020Module from '../../../schemas/node_modules/ajv/dist/2020.js';
import fs from 'node:fs';
import path from 'node:path';
import type { App } from './generated.js';
export * from './generated.js';

export interface DefinitionIssue {
  code: string;
  pointer: string;
  nodeId?: string;
  process?: string;
  message: { ru: string; en: string };
}

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const dir = path.resolve(import.meta.dirname, '../../../schemas/json');
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, discriminator: false });
for (const file of fs.readdirSync(dir)) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
const validate = ajv.getSchema('https://crm-builder.dev/schemas/app.schema.json')!;

export function validateApp(input: unknown): { ok: true; app: App } | { ok: false; issues: DefinitionIssue[] } {
  if (validate(input)) return { ok: true, app: input as App };
  return {
    ok: false,
    issues: (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => ({ code: 'SCHEMA', pointer: e.instancePath, message: { ru: e.message ?? '', en: e.message ?? '' } })),
  };
}
