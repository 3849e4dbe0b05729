import fs from 'node:fs';
import path from 'node:path';

/*
 * The write-or-check step every generator CLI ends with: without --check it writes the file; with
 * it, it compares the file on disk with what was just generated and says what to run when they
 * differ (CI runs the checks).
 */

export interface GeneratedFile {
  file: string;
  /** What the file is generated from, for the message ("schemas/json"). */
  source: string;
  /** The command that writes it ("npm run gen:types"). */
  command: string;
}

function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i += 1) if (left[i] !== right[i]) return i + 1;
  return -1;
}

/** Writes `generated` to the file, or with `check` compares them; the process's exit code. */
export function writeOrCheck(target: GeneratedFile, generated: string, check: boolean): number {
  const relative = path.relative(process.cwd(), target.file);
  if (!check) {
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    fs.writeFileSync(target.file, generated);
    console.log(`Wrote ${relative}.`);
    return 0;
  }
  const onDisk = fs.existsSync(target.file) ? fs.readFileSync(target.file, 'utf8') : undefined;
  if (onDisk === generated) {
    console.log(`${relative} is up to date.`);
    return 0;
  }
  const detail = onDisk === undefined ? 'it does not exist' : `first difference at line ${firstDifferentLine(onDisk, generated)}`;
  console.error(`${relative} is out of date with ${target.source} (${detail}). Run \`${target.command}\` and commit the result.`);
  return 1;
}
