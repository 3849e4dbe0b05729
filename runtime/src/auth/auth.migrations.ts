import type { SystemMigration } from '../db/system-migration.types.js';

/** The auth area's tables, in order (see db/system.migrations.ts). */
export const authMigrations: SystemMigration[] = [];
