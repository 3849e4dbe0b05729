import { createErrorKind } from '../errors/app-error.js';

/** The file broke off or was damaged part way; the restore's transaction was rolled back. */
export const BackupFileDamagedError = createErrorKind('BACKUP_FILE_DAMAGED', 400, 'The backup file is damaged; the database was not changed.');
