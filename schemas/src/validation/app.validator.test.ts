import { describe, expect, it } from 'vitest';
import type { TemplateBundle } from '../../generated/definition.types.js';
import { fullApp } from '../testing/full-app.fixture.js';
import { validateTemplate } from './app.validator.js';

function template(): TemplateBundle {
  return {
    name: 'full',
    version: '1.0.0',
    label: { ru: 'Полный', en: 'Full' },
    app: fullApp(),
    teams: [{ name: 'Sales' }, { name: 'Moscow', parent: 'Sales' }],
    users: [
      { email: 'head@example.com', name: 'Head', roles: ['head'], team: 'Sales' },
      { email: 'anna@example.com', name: 'Anna', roles: ['manager'], team: 'Moscow', manager: 'head@example.com' },
    ],
    data: { company: [{ $key: 'acme', name: 'Acme' }], deal: [{ title: 'Servers', company: { $key: 'acme' }, owner: 'anna@example.com' }] },
  };
}

describe('validateTemplate', () => {
  it('accepts a template whose app, people and data agree', () => {
    // ARRANGE
    const bundle = template();

    // ACT
    const result = validateTemplate(bundle);

    // ASSERT
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('points into the bundle: shape errors of the app are under /app', () => {
    // ARRANGE
    const bundle = template();
    const input: unknown = { ...bundle, app: { ...bundle.app, entities: [{ name: 'deal' }] } };

    // ACT
    const result = validateTemplate(input);

    // ASSERT
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.pointer])).toEqual([
      ['MISSING_PROPERTY', '/app/entities/0'],
      ['MISSING_PROPERTY', '/app/entities/0'],
    ]);
  });

  it('points into the bundle: semantic errors of the app are under /app', () => {
    // ARRANGE
    const bundle = template();
    bundle.app.entities[0]?.fields.push({ name: 'name', type: 'text' });

    // ACT
    const result = validateTemplate(bundle);

    // ASSERT
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.pointer])).toEqual([['DUPLICATE_NAME', '/app/entities/0/fields/5/name']]);
  });

  it('demo data names entities of the app; demo users hold roles of the app and teams of the template', () => {
    // ARRANGE
    const bundle = template();
    bundle.data = { ...bundle.data, invoice: [] };
    bundle.users?.push({ email: 'ivan@example.com', name: 'Ivan', roles: ['manager', 'ceo'], team: 'Kazan' }, { email: 'ANNA@example.com', name: 'Anna again', roles: [] });
    bundle.teams?.push({ name: 'Kazan office', parent: 'Volga' });

    // ACT
    const result = validateTemplate(bundle);

    // ASSERT
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.pointer])).toEqual([
      ['UNKNOWN_TEAM', '/teams/2/parent'],
      ['UNKNOWN_ROLE', '/users/2/roles/1'],
      ['UNKNOWN_TEAM', '/users/2/team'],
      ['DUPLICATE_NAME', '/users/3/email'],
      ['UNKNOWN_ENTITY', '/data/invoice'],
    ]);
    expect(result.ok ? undefined : result.issues[1]?.message).toEqual({
      ru: 'Демо-пользователь «ivan@example.com» ссылается на роль «ceo», которой нет',
      en: 'Demo user "ivan@example.com" refers to role "ceo", which does not exist',
    });
  });
});
