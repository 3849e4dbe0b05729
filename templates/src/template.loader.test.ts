import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidTemplateError, listTemplates, loadTemplate, readTemplate, TemplateNotFoundError } from './template.loader.js';

const SMALL_TEMPLATE = {
  name: 'tiny',
  version: '1.0.0',
  label: { ru: 'Крошечный', en: 'Tiny' },
  app: {
    name: 'tiny',
    entities: [{ name: 'lead', label: { en: 'Lead' }, fields: [{ name: 'title', type: 'text', required: true }], display: 'title' }],
    roles: [{ name: 'sales', entities: { lead: { read: 'all', create: 'all' } } }],
  },
  teams: [{ name: 'Sales' }],
  users: [{ email: 'anna@example.com', name: 'Anna', roles: ['sales'], team: 'Sales' }],
  data: { lead: [{ title: 'First lead' }] },
};

describe('template loader', () => {
  let root = '';
  const write = (name: string, content: string): void => {
    fs.mkdirSync(path.join(root, name), { recursive: true });
    fs.writeFileSync(path.join(root, name, 'template.json'), content);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'templates-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists the folders that hold a template.json, sorted', () => {
    // ARRANGE
    write('tiny', JSON.stringify(SMALL_TEMPLATE));
    write('alpha', JSON.stringify({ ...SMALL_TEMPLATE, name: 'alpha' }));
    fs.mkdirSync(path.join(root, 'empty-folder'));
    fs.writeFileSync(path.join(root, 'README.md'), '# not a template');

    // ACT
    const names = listTemplates(root);

    // ASSERT
    expect(names).toEqual(['alpha', 'tiny']);
  });

  it('loads a valid template', () => {
    // ARRANGE
    write('tiny', JSON.stringify(SMALL_TEMPLATE));

    // ACT
    const template = loadTemplate('tiny', root);

    // ASSERT
    expect(template).toEqual(SMALL_TEMPLATE);
  });

  it('refuses a template whose demo data and users name things the app lacks', () => {
    // ARRANGE
    write('tiny', JSON.stringify({ ...SMALL_TEMPLATE, users: [{ email: 'bob@example.com', name: 'Bob', roles: ['ceo'] }], data: { deal: [] } }));

    // ACT
    const result = readTemplate('tiny', root);

    // ASSERT
    expect(result.ok).toBe(false);
    expect(!result.ok && 'issues' in result ? result.issues.map((i) => [i.code, i.pointer]) : []).toEqual([
      ['UNKNOWN_ROLE', '/users/0/roles/0'],
      ['UNKNOWN_ENTITY', '/data/deal'],
    ]);
    expect(() => loadTemplate('tiny', root)).toThrow(InvalidTemplateError);
  });

  it('reports a file that is not JSON, and a template that does not exist', () => {
    // ARRANGE
    write('broken', '{ "name": ');

    // ACT
    const broken = readTemplate('broken', root);

    // ASSERT
    expect(!broken.ok && 'issues' in broken ? broken.issues[0]?.code : undefined).toBe('INVALID_JSON');
    expect(() => loadTemplate('missing', root)).toThrow(TemplateNotFoundError);
    expect(() => loadTemplate('../etc', root)).toThrow(TemplateNotFoundError);
  });
});
