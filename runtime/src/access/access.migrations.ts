import type { SystemMigration } from '../db/system-migration.types.js';

/** The access area's tables, in order (see db/system.migrations.ts). */
export const accessMigrations: SystemMigration[] = [];
