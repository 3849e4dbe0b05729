/*
 * The engine's run-state tables, appended to the runtime's system migrations. Only this area talks
 * to @crm/engine (lint enforces it), so the rest of the runtime takes them from here.
 */
export { engineMigrations } from '@crm/engine';
