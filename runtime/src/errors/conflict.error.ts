import { createErrorKind } from './app-error.js';

/** The request clashes with the current state (a unique value taken, a migration that needs confirmation). */
export const ConflictError = createErrorKind('CONFLICT', 409, 'The request conflicts with the current state.');
