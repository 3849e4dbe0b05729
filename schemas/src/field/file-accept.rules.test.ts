import { describe, expect, it } from 'vitest';
import { fileFieldLabel, fileMatchesAccept, fileSizeLimitBytes, fileSizeLimitMb, fileTooLargeMessage, fileTypeRefusedMessage } from './file-accept.rules.js';

describe('fileMatchesAccept', () => {
  it('takes any file when the field lists nothing', () => {
    expect(fileMatchesAccept(undefined, { name: 'a.exe', mime: 'application/x-msdownload' })).toBe(true);
    expect(fileMatchesAccept([], { name: 'a', mime: '' })).toBe(true);
  });

  it('matches MIME types exactly and ignores their parameters and case', () => {
    expect(fileMatchesAccept(['application/pdf'], { name: 'x', mime: 'Application/PDF; charset=binary' })).toBe(true);
    expect(fileMatchesAccept(['application/pdf'], { name: 'x.pdf', mime: 'application/zip' })).toBe(false);
  });

  it('matches a type family by image/* but not a type that merely starts the same', () => {
    expect(fileMatchesAccept(['image/*'], { name: 'p.png', mime: 'image/png' })).toBe(true);
    expect(fileMatchesAccept(['image/*'], { name: 'p.png', mime: 'imagex/png' })).toBe(false);
    expect(fileMatchesAccept(['image/*'], { name: 'p.pdf', mime: 'application/pdf' })).toBe(false);
  });

  it('matches extensions case-insensitively, and only the last one', () => {
    expect(fileMatchesAccept(['.pdf'], { name: 'Договор.PDF', mime: 'application/pdf' })).toBe(true);
    expect(fileMatchesAccept(['.pdf'], { name: 'report.pdf.exe', mime: 'application/octet-stream' })).toBe(false);
    expect(fileMatchesAccept(['.pdf'], { name: 'pdf', mime: 'application/octet-stream' })).toBe(false);
    expect(fileMatchesAccept(['.pdf'], { name: '.pdf', mime: 'application/octet-stream' })).toBe(false);
  });

  it('takes a file that matches any one of several patterns', () => {
    const accept = ['.pdf', 'image/*', ' .DOCX '];
    expect(fileMatchesAccept(accept, { name: 'scan.jpg', mime: 'image/jpeg' })).toBe(true);
    expect(fileMatchesAccept(accept, { name: 'offer.docx', mime: 'application/zip' })).toBe(true);
    expect(fileMatchesAccept(accept, { name: 'notes.txt', mime: 'text/plain' })).toBe(false);
  });
});

describe('file size limits', () => {
  it('is the field maximum within the cap, in MB and in bytes', () => {
    expect(fileSizeLimitMb({ maxSizeMb: 5 })).toBe(5);
    expect(fileSizeLimitMb({})).toBe(25);
    expect(fileSizeLimitMb({ maxSizeMb: 100 }, 25)).toBe(25);
    expect(fileSizeLimitBytes({ maxSizeMb: 0.5 })).toBe(524_288);
    expect(fileSizeLimitBytes({ maxSizeMb: 1 }, 25)).toBe(1_048_576);
  });
});

describe('messages', () => {
  it('names the field and the limit in both languages, with a decimal comma in Russian', () => {
    const label = fileFieldLabel({ name: 'contract', label: { en: 'Contract', ru: 'Договор' } });
    expect(fileTooLargeMessage(label, 1.5)).toEqual({
      en: '«Contract»: the file is larger than 1.5 MB, the most this field takes.',
      ru: '«Договор»: файл больше 1,5 МБ — больше это поле не принимает.',
    });
    expect(fileTypeRefusedMessage(label, ['.pdf', 'image/*']).ru).toBe('«Договор» принимает только такие файлы: .pdf, image/*.');
  });

  it('falls back to the English label, then the name', () => {
    expect(fileFieldLabel({ name: 'scan', label: { en: 'Scan' } })).toEqual({ en: '«Scan»', ru: '«Scan»' });
    expect(fileFieldLabel({ name: 'scan' })).toEqual({ en: '«scan»', ru: '«scan»' });
  });
});
