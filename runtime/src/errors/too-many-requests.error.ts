import { createErrorKind } from './app-error.js';

/** Too many attempts (failed sign-ins per account or per address); the response carries Retry-After. */
export const TooManyRequestsError = createErrorKind('TOO_MANY_ATTEMPTS', 429, 'Too many attempts; wait and try again.');
