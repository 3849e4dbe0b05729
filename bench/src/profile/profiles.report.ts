import fs from 'node:fs';
import path from 'node:path';
import { summarizeProfile } from './cpu-profile.summary.js';

/** After a --profile bench: a summary beside each .cpuprofile, and the top of each printed. */
export function summarizeProfiles(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const lines = summarizeProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), 30);
    fs.writeFileSync(path.join(dir, `${file}.txt`), `${lines.join('\n')}\n`);
    console.log(`\nprofile ${path.join(dir, file)}:\n${lines.slice(0, 14).join('\n')}`);
  }
}
