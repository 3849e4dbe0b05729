/*
 * The session endpoints (/api/auth/login, /logout, /me) as the browser sees them. The runtime's
 * handlers are typed against these and the builder's api/session.api.ts reads them, so a renamed
 * field breaks both compiles instead of one screen at run time. Browser-safe: types only.
 */

import type { LocalizedText } from '../../generated/definition.types.js';

/** The languages the product speaks; a user's choice is kept on the server. */
export const UI_LOCALES = ['ru', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

export function isUiLocale(value: unknown): value is UiLocale {
  return value === 'ru' || value === 'en';
}

/** The signed-in person as the session endpoints answer with them (never a password hash). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  teamId: string | null;
  managerId: string | null;
  attributes: Record<string, unknown>;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  token: string;
  user: SessionUser;
  /** Sent back as X-CSRF-Token on every cookie-authenticated write. */
  csrfToken: string;
  /** The user's chosen language; null until they choose one. */
  locale: UiLocale | null;
  /** Whether the user may edit and publish the app (an admin or a builder role): the UI offers the builder only then. */
  canBuild: boolean;
  /** Whether the user may manage segments and send mailings (an admin, builder or mailings role): the UI offers Mailings only then. */
  canMail: boolean;
  /** Whether the user is an admin (the admin role, or a role the definition marks admin): the builder offers the admins' sections (Runs, Telephony, Settings) only then. */
  isAdmin: boolean;
}

export interface MeResponse {
  user: SessionUser;
  /** null when the caller used a bearer token (no cookie, so no CSRF token is needed). */
  csrfToken: string | null;
  locale: UiLocale | null;
  /** As in LoginResponse. */
  canBuild: boolean;
  canMail: boolean;
  isAdmin: boolean;
}

/** PATCH /api/auth/me: what a user may change about their own session preferences. */
export interface UpdateMeRequest {
  locale: UiLocale;
}

/** One entry of an error's details; `field` names the input it is about, when it is about one. */
export interface ApiErrorDetail {
  code?: string;
  field?: string;
  message?: string;
  message_ru?: string;
  [extra: string]: unknown;
}

/** Every error the runtime answers with: {"error": {code, message, details}}. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: ApiErrorDetail[] };
}

/** GET /api/workspace/entities: the entities the caller may read, for the workspace's navigation. */
export interface WorkspaceEntity {
  name: string;
  label: LocalizedText;
  canCreate: boolean;
}

export interface WorkspaceEntitiesResponse {
  entities: WorkspaceEntity[];
}
