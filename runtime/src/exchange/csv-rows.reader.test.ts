import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/index.js';
import { readCsvRows, sniffDelimiter, type CsvRow } from './csv-rows.reader.js';

async function* chunks(data: Buffer, size = 7): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function rows(data: Buffer | string, options: Partial<Parameters<typeof readCsvRows>[1]> = {}): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  const buffer = typeof data === 'string' ? Buffer.from(data) : data;
  for await (const row of readCsvRows(chunks(buffer), { delimiter: null, encoding: 'utf-8', maxBytes: 1_000_000, ...options })) out.push(row);
  return out;
}

async function failure(data: string, options: Partial<Parameters<typeof readCsvRows>[1]> = {}): Promise<unknown> {
  try {
    await rows(data, options);
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('CSV rows reader', () => {
  it('takes the delimiter from the header line, outside quotes', () => {
    expect(sniffDelimiter('a,b,c')).toBe(',');
    expect(sniffDelimiter('Имя;Фамилия;"a,b,c,d"')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('single')).toBe(',');
  });

  it('drops the byte order mark, keeps quoted line breaks and numbers rows by the line they end on', async () => {
    const result = await rows('\uFEFFname;note\r\nИван;"две\nстроки"\r\n\r\nПётр;x\r\n');
    expect(result).toEqual([
      { row: 1, cells: ['name', 'note'] },
      { row: 3, cells: ['Иван', 'две\nстроки'] },
      { row: 5, cells: ['Пётр', 'x'] },
    ]);
  });

  it('decodes Windows-1251 when asked', async () => {
    const cp1251 = Buffer.from([0xc8, 0xec, 0xff, 0x0a, 0xcf, 0xe5, 0xf2, 0xf0, 0x0a]); // "Имя\nПетр\n"
    expect((await rows(cp1251, { encoding: 'windows-1251' })).map((r) => r.cells[0])).toEqual(['Имя', 'Петр']);
  });

  it('stops with 413 past the byte limit and with 400 naming the line on broken quoting', async () => {
    const big = await failure('a,b\n' + '1,2\n'.repeat(100), { maxBytes: 100 });
    expect(isAppError(big) && big.status).toBe(413);
    const broken = await failure('a,b\n1,"open\n');
    expect(isAppError(broken) && broken.status).toBe(400);
    expect(isAppError(broken) && broken.details[0]?.code).toBe('CSV_SYNTAX');
  });
});

describe('CSV encoding', () => {
  it('refuses invalid UTF-8 with 400 naming the line and the byte, never turning it into U+FFFD', async () => {
    // ARRANGE: "name\nИван\n" then a Windows-1251 "Петр" on line 3
    const head = Buffer.from('name\nИван\n');
    const data = Buffer.concat([head, Buffer.from([0xcf, 0xe5, 0xf2, 0xf0, 0x0a])]);

    // ACT
    let error: unknown;
    try {
      await rows(data);
    } catch (caught) {
      error = caught;
    }

    // ASSERT
    expect(isAppError(error) && error.status).toBe(400);
    if (!isAppError(error)) throw new Error('expected an AppError');
    expect(error.details[0]).toMatchObject({ field: 'body', code: 'INVALID_ENCODING', row: 3, byteOffset: head.length });
    expect(error.message).toContain('windows-1251');
  });

  it('finds the broken byte across chunk boundaries and accepts valid multi-byte text split across them', async () => {
    const valid = Buffer.from('имя\n' + 'ёжик😀'.repeat(20) + '\n');
    for (const size of [1, 2, 3, 5]) {
      const out: CsvRow[] = [];
      for await (const row of readCsvRows(chunks(valid, size), { delimiter: null, encoding: 'utf-8', maxBytes: 1_000_000 })) out.push(row);
      expect(out[1]?.cells[0]).toBe('ёжик😀'.repeat(20));
    }
    // A sequence cut off by the end of the file is invalid too.
    const cut = Buffer.concat([Buffer.from('a\nё'), Buffer.from([0xd0])]);
    const error = await rows(cut).catch((e: unknown) => e);
    expect(isAppError(error) && error.details[0]).toMatchObject({ code: 'INVALID_ENCODING', row: 2, byteOffset: 4 });
  });

  it('refuses a NUL character with 400 INVALID_CHARACTER naming the line', async () => {
    const error = await failure('a,b\n1,2\n3,\u0000\n');
    expect(isAppError(error) && error.details[0]).toMatchObject({ code: 'INVALID_CHARACTER', row: 3 });
  });
});
