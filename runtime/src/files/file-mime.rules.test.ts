import { describe, expect, it } from 'vitest';
import { detectMime, showsInline } from './file-mime.rules.js';

const bytes = (text: string) => Buffer.from(text);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0]);

describe('detectMime', () => {
  it('believes the bytes over the claim for signed types', () => {
    expect(detectMime(bytes('%PDF-1.7 ...'), 'scan.png', 'image/png')).toBe('application/pdf');
    expect(detectMime(PNG, 'photo', 'application/octet-stream')).toBe('image/png');
  });

  it('names Office documents in a ZIP by their extension, and a plain ZIP as one', () => {
    expect(detectMime(ZIP, 'offer.DOCX', '')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(detectMime(ZIP, 'archive.zip', 'application/x-zip-compressed')).toBe('application/zip');
  });

  it('recognises markup a browser would run, whatever it is called', () => {
    expect(detectMime(bytes('\uFEFF  <!DOCTYPE html><p>x'), 'cat.png', 'image/png')).toBe('text/html');
    expect(detectMime(bytes('<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.txt', 'text/plain')).toBe('image/svg+xml');
  });

  it('refuses a signed type whose signature is missing, and trusts other claims or the extension', () => {
    expect(detectMime(bytes('not a pdf'), 'a.pdf', 'application/pdf')).toBe('application/octet-stream');
    expect(detectMime(bytes('a;b\n1;2'), 'list.csv', 'text/csv; charset=utf-8')).toBe('text/csv');
    expect(detectMime(bytes('hello'), 'notes.txt', '')).toBe('text/plain');
    expect(detectMime(bytes('hello'), 'notes', 'not a type')).toBe('application/octet-stream');
  });
});

describe('showsInline', () => {
  it('shows raster images and PDF in place, never SVG or HTML', () => {
    expect(showsInline('image/png')).toBe(true);
    expect(showsInline('application/pdf')).toBe(true);
    expect(showsInline('image/svg+xml')).toBe(false);
    expect(showsInline('text/html')).toBe(false);
  });
});
