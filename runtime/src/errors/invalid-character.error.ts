import { createErrorKind } from './app-error.js';

/** A string in the request holds a character the CRM does not store (NUL: PostgreSQL text cannot hold it). */
export const InvalidCharacterError = createErrorKind('INVALID_CHARACTER', 400, 'The request holds a character that cannot be stored.');
