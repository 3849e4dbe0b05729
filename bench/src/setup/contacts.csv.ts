/*
 * A CSV of contacts as people export them from elsewhere: phones written three ways (E.164,
 * "8 (912) ...", spaced), regions as labels or codes in either language, birthdays as dd.mm.yyyy.
 * Every 100th row repeats an earlier row's phone written differently, so about 1% are duplicates
 * that duplicate detection must catch within the file.
 */

export const CONTACT_COLUMNS = ['first_name', 'last_name', 'email', 'phone', 'position', 'region', 'birthday'] as const;

const REGIONS = ['Москва', 'spb', 'Volga', 'Урал', 'siberia'];
const POSITIONS = ['Директор', 'Менеджер', 'Инженер', 'Бухгалтер'];

function phoneOf(n: number, style: number): string {
  const digits = String(9_000_000_000 + n).slice(-10);
  const [a, b, c, d] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 8), digits.slice(8, 10)];
  return style === 0 ? `+7${digits}` : style === 1 ? `8 (${a}) ${b}-${c}-${d}` : `+7 ${a} ${b} ${c} ${d}`;
}

export function contactsCsv(rows: number): string {
  const lines: string[] = [CONTACT_COLUMNS.join(',')];
  for (let i = 0; i < rows; i += 1) {
    const duplicate = i % 100 === 99;
    const n = duplicate ? i - 50 : i;
    const email = duplicate ? `other${i}@bench.test` : `person${n}@bench.test`;
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`Имя${i},Фамилия${i},${email},"${phoneOf(n, i % 3)}",${POSITIONS[i % POSITIONS.length]},${REGIONS[i % REGIONS.length]},${day}.05.1985`);
  }
  return `${lines.join('\n')}\n`;
}
