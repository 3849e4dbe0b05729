import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * Every key exists in both languages, and plural messages have every form the language needs
 * (Russian three, English two): a key missing in one file would show its path to the user.
 */

type Messages = { [key: string]: string | Messages };

function readMessages(file: string): Messages {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The shell's file and every area file (i18n/<locale>/<area>.json, mounted at <area>). */
function load(locale: string): Messages {
  const messages = readMessages(path.join(import.meta.dirname, `${locale}.json`));
  const areaDir = path.join(import.meta.dirname, locale);
  for (const file of existsSync(areaDir) ? readdirSync(areaDir) : []) {
    if (file.endsWith('.json')) messages[file.slice(0, -'.json'.length)] = readMessages(path.join(areaDir, file));
  }
  return messages;
}

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const ru = flatten(load('ru'));
const en = flatten(load('en'));

describe('i18n messages', () => {
  it('has every Russian key in English', () => {
    expect([...ru.keys()].filter((key) => !en.has(key))).toEqual([]);
  });

  it('has every English key in Russian', () => {
    expect([...en.keys()].filter((key) => !ru.has(key))).toEqual([]);
  });

  it('gives plural messages three Russian forms and two English ones', () => {
    for (const [key, text] of en) {
      if (!text.includes(' | ')) continue;
      expect(text.split(' | '), key).toHaveLength(2);
      expect(ru.get(key)?.split(' | '), key).toHaveLength(3);
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string | undefined) => [...new Set((text ?? '').match(/\{\w+\}/g) ?? [])].sort();
    for (const [key, text] of en) expect(placeholders(ru.get(key)), key).toEqual(placeholders(text));
  });
});
