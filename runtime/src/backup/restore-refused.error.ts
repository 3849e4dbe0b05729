import { createErrorKind } from '../errors/app-error.js';

/**
 * A restore was refused before anything changed: the file is not a backup, is newer than this
 * runtime, was made with other migrations, or the instance already holds data and --force was not given.
 */
export const RestoreRefusedError = createErrorKind('RESTORE_REFUSED', 409, 'The restore was refused; the database was not changed.');
