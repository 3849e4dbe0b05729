/*
 * How a number box shows and reads a number people type: grouped by thousands while reading
 * (150 000 in Russian, 150,000 in English), and read back from what people type — spaces between
 * groups, a comma or a point before the fraction in Russian, commas as group marks in English.
 */

export function formatNumberText(value: number | null, locale: string, precision?: number): string {
  if (value === null) return '';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: precision ?? 10, useGrouping: true }).format(value);
}

export function parseNumberText(text: string, locale: string): number | null {
  const cleaned = text
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(locale.startsWith('en') ? /,/g : /(?!)/g, '')
    .replace(',', '.');
  if (cleaned === '' || cleaned === '-') return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}
