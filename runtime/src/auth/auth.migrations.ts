import type { SystemMigration } from '../db/system-migration.types.js';
import { AUTH_CHANNEL } from './auth-cache.registry.js';

/*
 * Each runtime process keeps sessions, API tokens and access subjects in memory
 * (auth-cache.registry.ts). Triggers, not the services, announce the changes: every write path is
 * covered (people, sign-out, revoke, template install, bundle import, restore, SQL by hand), and
 * NOTIFY is transactional, so the news goes out exactly when the write commits.
 */
const AUTH_CACHE_TRIGGERS: readonly string[] = [
  `CREATE FUNCTION crm_auth_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP <> 'INSERT' THEN
      PERFORM pg_notify('${AUTH_CHANNEL}', 'user:' || OLD.id::text);
    END IF;
    -- Team sets list the people in each team: someone joining or leaving one changes others' subjects.
    IF (TG_OP = 'INSERT' AND NEW.team_id IS NOT NULL) OR (TG_OP = 'DELETE' AND OLD.team_id IS NOT NULL)
       OR (TG_OP = 'UPDATE' AND OLD.team_id IS DISTINCT FROM NEW.team_id) THEN
      PERFORM pg_notify('${AUTH_CHANNEL}', 'subjects');
    END IF;
    RETURN NULL;
  END $$;`,
  `CREATE TRIGGER crm_auth_users AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION crm_auth_users_changed();`,
  `CREATE FUNCTION crm_auth_teams_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('${AUTH_CHANNEL}', 'subjects');
    RETURN NULL;
  END $$;`,
  `CREATE TRIGGER crm_auth_teams AFTER INSERT OR UPDATE OR DELETE ON teams
    FOR EACH STATEMENT EXECUTE FUNCTION crm_auth_teams_changed();`,
  `CREATE FUNCTION crm_auth_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('${AUTH_CHANNEL}', 'session:' || OLD.token_hash);
    RETURN NULL;
  END $$;`,
  `CREATE TRIGGER crm_auth_sessions AFTER UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION crm_auth_sessions_changed();`,
  `CREATE FUNCTION crm_auth_api_tokens_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- last_used_at moves once a minute per busy token and changes nobody's rights.
    IF TG_OP = 'UPDATE' AND (OLD.token_hash, OLD.user_id, OLD.roles, OLD.expires_at, OLD.revoked_at)
       IS NOT DISTINCT FROM (NEW.token_hash, NEW.user_id, NEW.roles, NEW.expires_at, NEW.revoked_at) THEN
      RETURN NULL;
    END IF;
    PERFORM pg_notify('${AUTH_CHANNEL}', 'api-token:' || OLD.token_hash);
    RETURN NULL;
  END $$;`,
  `CREATE TRIGGER crm_auth_api_tokens AFTER UPDATE OR DELETE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION crm_auth_api_tokens_changed();`,
  `CREATE FUNCTION crm_auth_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('${AUTH_CHANNEL}', 'all');
    RETURN NULL;
  END $$;`,
  `CREATE TRIGGER crm_auth_users_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION crm_auth_emptied();`,
  `CREATE TRIGGER crm_auth_teams_truncated AFTER TRUNCATE ON teams FOR EACH STATEMENT EXECUTE FUNCTION crm_auth_emptied();`,
  `CREATE TRIGGER crm_auth_sessions_truncated AFTER TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION crm_auth_emptied();`,
  `CREATE TRIGGER crm_auth_api_tokens_truncated AFTER TRUNCATE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION crm_auth_emptied();`,
];

/** The auth area's tables, in order (see db/system.migrations.ts). */
export const authMigrations: SystemMigration[] = [
  {
    name: '0010_auth_csrf_tokens_throttle',
    async up(knex) {
      // Sessions from before CSRF tokens existed cannot be used for cookie writes; they expire anyway.
      await knex.schema.alterTable('sessions', (t) => {
        t.text('csrf_hash');
      });
      await knex.schema.createTable('api_tokens', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('name').notNullable();
        t.text('token_hash').notNullable().unique();
        t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
        t.specificType('roles', 'text[]').notNullable().defaultTo('{}');
        t.uuid('created_by').references('id').inTable('users').onDelete('SET NULL');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('expires_at', { useTz: true });
        t.timestamp('last_used_at', { useTz: true });
        t.timestamp('revoked_at', { useTz: true });
        t.index(['user_id']);
      });
      // One row per throttled key ("account:<email>" or "address:<ip or /64>"), shared by every
      // runtime process on the database.
      await knex.schema.createTable('login_throttle', (t) => {
        t.text('key').primary();
        t.integer('failures').notNullable().defaultTo(0);
        t.timestamp('window_started_at', { useTz: true });
        t.timestamp('locked_until', { useTz: true });
        t.integer('lockouts').notNullable().defaultTo(0);
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.index(['updated_at']);
      });
    },
  },
  {
    name: '0011_auth_user_locale',
    async up(knex) {
      // The language a person chose in the UI ('ru' | 'en'); null until they choose, when the
      // browser's language decides.
      await knex.schema.alterTable('users', (t) => {
        t.text('locale');
      });
    },
  },
  {
    name: '0012_auth_cache_notify',
    async up(knex) {
      // One statement per call: PGlite's driver runs a single statement at a time.
      for (const statement of AUTH_CACHE_TRIGGERS) await knex.raw(statement);
    },
  },
];
