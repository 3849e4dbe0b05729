/*
 * Russian has three plural forms (1 сделка, 3 сделки, 11 сделок; 21 сделка, 22 сделки, 25
 * сделок), chosen by the last two digits; vue-i18n's default rule knows only English's two.
 * Messages list them as "{n} сделка | {n} сделки | {n} сделок".
 */
export function russianPluralIndex(choice: number, choicesLength: number): number {
  const n = Math.abs(Math.trunc(choice));
  const lastTwo = n % 100;
  const last = n % 10;
  let index: number;
  if (last === 1 && lastTwo !== 11) index = 0;
  else if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) index = 1;
  else index = 2;
  return Math.min(index, choicesLength - 1);
}
