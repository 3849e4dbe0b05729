import fs from 'node:fs';
import { compileFromFile } from 'json-schema-to-typescript';
const out = await compileFromFile('schemas/json/app.schema.json', { cwd: 'schemas/json', bannerComment: '', additionalProperties: false });
fs.writeFileSync('runtime/.exp/shim/generated.ts', out);
