/*
 * A PBX sends numbers as its line sees them: "89161234567", "79161234567", "+7 (916) 123-45-67",
 * "9161234567". Records keep phones in E.164 (+79161234567), so every Russian spelling is folded
 * to +7 and ten digits; any other number keeps its digits behind a "+". Pure, so it has a spec.
 * (runtime/src/duplicates had no phone normaliser when this was written; this one is telephony's.)
 */

/** E.164-like "+<digits>", or null when the value has too few digits to be a phone. */
export function normaliseCallNumber(raw: string): string | null {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 5) return null;
  if (digits.length === 10 && digits.startsWith('9')) return `+7${digits}`;
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) return `+7${digits.slice(1)}`;
  return `+${digits}`;
}

/** Two numbers are the same line when they normalise alike. */
export function sameCallNumber(a: string, b: string): boolean {
  const left = normaliseCallNumber(a);
  return left !== null && left === normaliseCallNumber(b);
}
