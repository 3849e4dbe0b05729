import { describe, expect, it } from 'vitest';
import type { FileField } from '@crm/schemas';
import { acceptAttribute, fileFieldValue, fileRefusal, fileValues, formatFileSize } from './file-value.rules.js';

const contract: FileField = { name: 'contract', type: 'file', label: { en: 'Contract', ru: 'Договор' }, accept: ['.pdf', 'image/*'], maxSizeMb: 2 };
const pdf = { name: 'offer.pdf', size: 10, mime: 'application/pdf', key: 'k1' };

describe('formatFileSize', () => {
  it('uses the locale decimal sign and units, one decimal below ten', () => {
    expect(formatFileSize(532, 'en')).toBe('532\u00a0B');
    expect(formatFileSize(1536, 'en')).toBe('1.5\u00a0KB');
    expect(formatFileSize(1536, 'ru')).toBe('1,5\u00a0КБ');
    expect(formatFileSize(12 * 1024 * 1024, 'ru')).toBe('12\u00a0МБ');
    expect(formatFileSize(0, 'en')).toBe('0\u00a0B');
  });
});

describe('fileValues and fileFieldValue', () => {
  it('reads one file, a list, or nothing, and skips what is not a file value', () => {
    expect(fileValues(pdf)).toEqual([pdf]);
    expect(fileValues([pdf, { key: 'x' }, null])).toEqual([pdf]);
    expect(fileValues(null)).toEqual([]);
  });

  it('stores a list for multiple fields and one file or null otherwise', () => {
    expect(fileFieldValue({ multiple: true }, [pdf])).toEqual([pdf]);
    expect(fileFieldValue({}, [pdf])).toEqual(pdf);
    expect(fileFieldValue({}, [])).toBeNull();
  });
});

describe('fileRefusal', () => {
  it('refuses a file over the limit with the server words, in the person language', () => {
    const big = { name: 'big.pdf', type: 'application/pdf', size: 3 * 1024 * 1024 };
    expect(fileRefusal(contract, big, 'en')).toBe('«Contract»: the file is larger than 2 MB, the most this field takes.');
    expect(fileRefusal(contract, big, 'ru')).toBe('«Договор»: файл больше 2 МБ — больше это поле не принимает.');
  });

  it('refuses a type the field does not take and accepts one it does', () => {
    expect(fileRefusal(contract, { name: 'a.txt', type: 'text/plain', size: 5 }, 'en')).toBe('«Contract» takes only these files: .pdf, image/*.');
    expect(fileRefusal(contract, { name: 'scan.jpg', type: 'image/jpeg', size: 5 }, 'en')).toBeNull();
    expect(fileRefusal(contract, { name: 'Договор.PDF', type: '', size: 5 }, 'ru')).toBeNull();
  });

  it('builds the input accept attribute from the same list', () => {
    expect(acceptAttribute(contract)).toBe('.pdf,image/*');
    expect(acceptAttribute({})).toBeUndefined();
  });
});
