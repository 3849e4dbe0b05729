export { telephonyRoutes } from './telephony.routes.js';
export { telephonyMigrations } from './telephony.migrations.js';
