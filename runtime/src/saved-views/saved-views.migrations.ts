import type { SystemMigration } from '../db/system-migration.types.js';

/** Saved list views (personal and shared) of the workspace; migrations named 0200_*. */
export const savedViewsMigrations: SystemMigration[] = [];
