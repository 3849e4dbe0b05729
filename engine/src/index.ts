/*
 * @crm/engine: executes process graphs. The runtime passes in the ports it needs (records, people,
 * outbound HTTP, mail, clock); the engine keeps its durable state in PostgreSQL through knex.
 */
export { engineMigrations, type EngineMigration } from './store/engine.migrations.js';
