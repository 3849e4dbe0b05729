import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildECommerceTemplate } from './e-commerce-template.factory.js';

/* `npx tsx templates/e-commerce/generate.ts` rewrites template.json from the definition and the seeded demo data. */

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'template.json');
fs.writeFileSync(file, `${JSON.stringify(buildECommerceTemplate(), null, 2)}\n`);
console.log(`wrote ${file}`);
