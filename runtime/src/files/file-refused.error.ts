import { createErrorKind } from '../errors/app-error.js';

/** An upload or a record's file value that cannot be taken (empty file, no name, a key the caller may not attach); details name the field. */
export const FileRefusedError = createErrorKind('FILE_REFUSED', 422, 'The file cannot be taken.');
