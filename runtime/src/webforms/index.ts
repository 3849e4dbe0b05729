export { webFormPagesRoutes } from './webforms.routes.js';
export { webFormsApiRoutes } from './webforms-api.routes.js';
export { webFormsMigrations } from './webforms.migrations.js';
