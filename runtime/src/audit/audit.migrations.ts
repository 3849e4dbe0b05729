import type { SystemMigration } from '../db/system-migration.types.js';

/** The audit area's tables, in order (see db/system.migrations.ts). */
export const auditMigrations: SystemMigration[] = [];
