export { writeBackup, type BackupSummary } from './backup.writer.js';
export { restoreBackup, type RestoreOptions, type RestoreSummary } from './restore.service.js';
export { readBackupHeader, backupFileLines } from './backup-file.reader.js';
export { SYSTEM_TABLES, tableRole } from './backup-tables.catalog.js';
export { BACKUP_FORMAT_VERSION, type BackupHeader } from './backup-file.types.js';
export { RestoreRefusedError } from './restore-refused.error.js';
export { BackupFileDamagedError } from './backup-file-damaged.error.js';
