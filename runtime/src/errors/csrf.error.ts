import { createErrorKind } from './app-error.js';

/** A write authenticated by the session cookie came without the session's CSRF token (X-CSRF-Token). */
export const CsrfError = createErrorKind(
  'CSRF_TOKEN_INVALID',
  403,
  'This write was sent with the session cookie but without its CSRF token: send the csrfToken from login or /api/auth/me in the X-CSRF-Token header.',
);
