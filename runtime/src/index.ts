export { createRuntime, type Runtime } from './runtime.factory.js';
export { openDatabase, type Database, type DatabaseKind, type DatabaseOptions } from './db/database.factory.js';
export { ensureFirstAdmin, FIRST_ADMIN_EMAIL } from './auth/admin.bootstrap.js';
export { installTemplate } from './templates/template.installer.js';
export type { RuntimeContext, LiveDefinition, LiveDefinitionSource } from './runtime.context.js';
export * from './backup/index.js';
