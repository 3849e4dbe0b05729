import { passwordProblems } from '../auth/password.policy.js';
import { FieldProblems, isUuid, readClosedBody } from './body-fields.reader.js';
import { normaliseEmail } from './users.repository.js';

/** POST /api/users, checked for shape (names of roles, teams and managers are checked against the database later). */
export interface UserCreateInput {
  email: string;
  name: string;
  /** null or absent: the person cannot sign in with a password. */
  password: string | null;
  roles: string[];
  team: string | null;
  manager: string | null;
  attributes: Record<string, unknown>;
}

/** PATCH /api/users/:id: only the keys sent. */
export interface UserPatchInput {
  email?: string;
  name?: string;
  password?: string | null;
  roles?: string[];
  team?: string | null;
  manager?: string | null;
  attributes?: Record<string, unknown>;
  disabled?: boolean;
}

const CREATE_KEYS = ['email', 'name', 'password', 'roles', 'team', 'manager', 'attributes'] as const;
const PATCH_KEYS = [...CREATE_KEYS, 'disabled'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_ATTRIBUTES_JSON = 10_000;

function email(value: unknown, problems: FieldProblems): string | undefined {
  if (typeof value !== 'string' || value.trim().length > 254 || !EMAIL.test(value.trim())) {
    problems.add('email', 'INVALID_EMAIL', 'email must be an email address.', 'email должен быть адресом электронной почты.');
    return undefined;
  }
  return normaliseEmail(value);
}

function name(value: unknown, problems: FieldProblems): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    problems.add('name', 'INVALID_NAME', 'name must be text of 1 to 200 characters.', 'name — текст длиной от 1 до 200 символов.');
    return undefined;
  }
  return value.trim();
}

function password(value: unknown, problems: FieldProblems): string | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'string') {
    problems.add('password', 'INVALID_PASSWORD', 'password must be text (or null for no password).', 'password — текст (или null, если пароля нет).');
    return undefined;
  }
  const found = passwordProblems(value, 'password');
  problems.list.push(...found);
  return found.length === 0 ? value : undefined;
}

function roles(value: unknown, problems: FieldProblems): string[] | undefined {
  if (!Array.isArray(value) || !value.every((r): r is string => typeof r === 'string' && r.trim() !== '')) {
    problems.add('roles', 'INVALID_ROLES', 'roles must be a list of role names.', 'roles — список названий ролей.');
    return undefined;
  }
  return [...new Set(value)];
}

function reference(field: 'team' | 'manager', value: unknown, problems: FieldProblems): string | null | undefined {
  if (value === null) return null;
  if (!isUuid(value)) {
    problems.add(field, 'INVALID_REFERENCE', `${field} must be an id (or null).`, `${field} должен быть идентификатором (или null).`);
    return undefined;
  }
  return value.toLowerCase();
}

function attributes(value: unknown, problems: FieldProblems): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add('attributes', 'INVALID_ATTRIBUTES', 'attributes must be a JSON object.', 'attributes должен быть JSON-объектом.');
    return undefined;
  }
  if (JSON.stringify(value).length > MAX_ATTRIBUTES_JSON) {
    problems.add('attributes', 'ATTRIBUTES_TOO_LARGE', 'attributes is too large.', 'attributes слишком велик.');
    return undefined;
  }
  return Object.fromEntries(Object.entries(value));
}

export function parseUserCreate(body: unknown): UserCreateInput {
  const values = readClosedBody(body, CREATE_KEYS);
  const problems = new FieldProblems();
  const input = {
    email: email(values['email'], problems),
    name: name(values['name'], problems),
    password: values['password'] === undefined ? null : password(values['password'], problems),
    roles: values['roles'] === undefined ? [] : roles(values['roles'], problems),
    team: values['team'] === undefined ? null : reference('team', values['team'], problems),
    manager: values['manager'] === undefined ? null : reference('manager', values['manager'], problems),
    attributes: values['attributes'] === undefined ? {} : attributes(values['attributes'], problems),
  };
  problems.throwIfAny('The user is not valid.');
  const { email: e, name: n, password: p, roles: r, team: t, manager: m, attributes: a } = input;
  if (e === undefined || n === undefined || p === undefined || r === undefined || t === undefined || m === undefined || a === undefined) {
    throw new Error('user input passed validation with a missing value');
  }
  return { email: e, name: n, password: p, roles: r, team: t, manager: m, attributes: a };
}

export function parseUserPatch(body: unknown): UserPatchInput {
  const values = readClosedBody(body, PATCH_KEYS);
  const problems = new FieldProblems();
  const patch: UserPatchInput = {};
  const has = (key: string): boolean => values[key] !== undefined;
  if (has('email')) patch.email = email(values['email'], problems);
  if (has('name')) patch.name = name(values['name'], problems);
  if (has('password')) patch.password = password(values['password'], problems);
  if (has('roles')) patch.roles = roles(values['roles'], problems);
  if (has('team')) patch.team = reference('team', values['team'], problems);
  if (has('manager')) patch.manager = reference('manager', values['manager'], problems);
  if (has('attributes')) patch.attributes = attributes(values['attributes'], problems);
  if (has('disabled')) {
    if (typeof values['disabled'] === 'boolean') patch.disabled = values['disabled'];
    else problems.add('disabled', 'INVALID_DISABLED', 'disabled must be true or false.', 'disabled — true или false.');
  }
  problems.throwIfAny('The change is not valid.');
  return patch;
}
