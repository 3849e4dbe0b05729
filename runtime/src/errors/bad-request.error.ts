import { createErrorKind } from './app-error.js';

/** The request itself cannot be understood (malformed JSON, a bad query parameter). */
export const BadRequestError = createErrorKind('BAD_REQUEST', 400, 'The request is malformed.');
