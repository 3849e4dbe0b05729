import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSupportDeskTemplate } from './support-desk-template.factory.js';

/* `npx tsx templates/support-desk/generate.ts` rewrites template.json from the definition and the seeded demo data. */

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'template.json');
fs.writeFileSync(file, `${JSON.stringify(buildSupportDeskTemplate(), null, 2)}\n`);
console.log(`wrote ${file}`);
