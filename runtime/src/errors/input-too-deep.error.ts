import { createErrorKind } from './app-error.js';

/** JSON nested deeper than anything the CRM reads: refused before recursive code overflows the stack. */
export const InputTooDeepError = createErrorKind('INPUT_TOO_DEEP', 400, 'The request body is nested too deeply.');
