import { createErrorKind } from './app-error.js';

/** The request body is larger than the endpoint takes (an import file over its limit). */
export const PayloadTooLargeError = createErrorKind('PAYLOAD_TOO_LARGE', 413, 'The request body is too large.');
