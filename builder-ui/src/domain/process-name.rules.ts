/*
 * The system name of a new process, derived from the name the analyst types (Russian letters
 * transliterated), so the "New process" dialog asks for one thing; the analyst may still edit it.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

export const PROCESS_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export function processNameFrom(label: string, taken: ReadonlySet<string> = new Set()): string {
  const latin = [...label.toLocaleLowerCase()].map((ch) => CYRILLIC[ch] ?? ch).join('');
  let base = latin.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 50).replace(/_+$/, '');
  if (!/^[a-z]/.test(base)) base = `process${base ? `_${base}` : ''}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}
