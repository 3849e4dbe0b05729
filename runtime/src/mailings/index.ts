export { mailingsApiRoutes, segmentsRoutes } from './mailings.routes.js';
export { mailingClickRoutes, mailingUnsubscribeRoutes } from './mailing-public.routes.js';
export { mailingsMigrations } from './mailings.migrations.js';
export { queueMailings } from './mailing-queue.duty.js';
