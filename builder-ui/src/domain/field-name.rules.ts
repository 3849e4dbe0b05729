/*
 * Machine names from the labels analysts type. A name is what records, processes and the API use
 * (common.schema.json's Name: snake_case, a letter first, at most 63 characters); analysts think
 * in labels, so the builder proposes the name from the label (Russian transliterated: "Сумма
 * сделки" -> summa_sdelki) and lets it be edited. Renaming later keeps the stable id, so data stays.
 */

export const NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
const MAX_NAME = 63;

const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia',
};

export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** A valid name proposed from a label; `fallback` when the label has no letters or digits. */
export function nameFromLabel(label: string, fallback = 'field'): string {
  const latin = [...label.toLowerCase()].map((ch) => CYRILLIC[ch] ?? ch).join('');
  let name = latin
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (name === '') name = fallback;
  if (!/^[a-z]/.test(name)) name = `${fallback}_${name}`;
  return name.slice(0, MAX_NAME).replace(/_+$/, '');
}

/** `base`, or `base_2`, `base_3`… when it is taken. */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}
