import type { ApiErrorDetail, UiLocale } from '@crm/schemas';
import { fieldMessages, formLevelMessages } from './api-error.mapping.js';

/** What the sign-in form shows for a failed attempt: messages by field, and above the form. */
export interface SignInProblems {
  fields: { email?: string; password?: string };
  form: string[];
}

/** The failure as the api layer reports it (an ApiError's parts), without the class. */
export interface SignInFailure {
  status: number;
  code: string;
  details: readonly ApiErrorDetail[];
  retryAfterSeconds: number | null;
}

type Translate = (key: string, named?: Record<string, unknown>) => string;
type TranslatePlural = (key: string, count: number) => string;

const FIELDS = ['email', 'password'] as const;

export function signInProblemsFor(failure: SignInFailure, locale: UiLocale, t: Translate, tc: TranslatePlural): SignInProblems {
  if (failure.status === 401) return { fields: { password: t('signIn.wrongCredentials') }, form: [] };
  if (failure.status === 429) {
    // The runtime names the limit (this account from this address, the account, or the address)
    // in the user's language; without details the wait alone is still worth saying.
    const fields = fieldMessages(failure.details, locale, FIELDS);
    const form = formLevelMessages(failure.details, locale, FIELDS);
    if (Object.keys(fields).length === 0 && form.length === 0) {
      form.push(t('signIn.throttled', { wait: tc('common.seconds', failure.retryAfterSeconds ?? 60) }));
    }
    return { fields, form };
  }
  if (failure.code === 'NETWORK') return { fields: {}, form: [t('errors.network')] };
  const fields = fieldMessages(failure.details, locale, FIELDS);
  if (failure.status === 400 && Object.keys(fields).length > 0) return { fields, form: formLevelMessages(failure.details, locale, FIELDS) };
  return { fields: {}, form: [t('errors.unexpected', { code: failure.code })] };
}

/** Checked before anything is sent: both fields are needed. */
export function missingSignInFields(email: string, password: string, t: Translate): SignInProblems['fields'] {
  const fields: SignInProblems['fields'] = {};
  if (email.trim() === '') fields.email = t('signIn.emailRequired');
  if (password === '') fields.password = t('signIn.passwordRequired');
  return fields;
}

/** Where to go after signing in: the page asked for, if it is one of ours. */
export function afterSignInPath(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}
