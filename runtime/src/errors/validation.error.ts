import { createErrorKind } from './app-error.js';

/** The request is well-formed JSON but its content is wrong; details name each field. */
export const ValidationError = createErrorKind('VALIDATION_FAILED', 400, 'The data is not valid.');
