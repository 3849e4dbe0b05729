import { createErrorKind } from '../errors/app-error.js';

/** A backup cannot be made (the database has no runtime tables, or holds a table backups do not know). */
export const BackupRefusedError = createErrorKind('BACKUP_REFUSED', 409, 'The backup cannot be made.');
