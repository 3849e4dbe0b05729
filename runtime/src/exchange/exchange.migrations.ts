import type { SystemMigration } from '../db/system-migration.types.js';

/** Import jobs and their reports (progress of large files); migrations named 0210_*. */
export const exchangeMigrations: SystemMigration[] = [];
