import { createErrorKind } from './app-error.js';

/** A list cursor that this server did not issue, or issued for another list. */
export const InvalidCursorError = createErrorKind('INVALID_CURSOR', 400, 'The cursor is not valid for this list; start again without it.');
