import { createErrorKind } from './app-error.js';

/** The request body is of a kind the endpoint does not read (say, JSON sent to the CSV import). */
export const UnsupportedMediaTypeError = createErrorKind('UNSUPPORTED_MEDIA_TYPE', 415, 'The request body is not of a type this endpoint reads.');
