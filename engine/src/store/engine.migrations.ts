import type { Knex } from 'knex';

/** One step of the engine's schema, run by the host's migrator after the runtime's own. */
export interface EngineMigration {
  name: string;
  up(knex: Knex): Promise<void>;
}

/*
 * The engine's durable state:
 *
 *   process_runs   one row per run: pinned definition version, status, the trigger, the context
 *                  (step outputs, join arrivals, loop positions), who caused it, its depth
 *   run_steps      one row per step attempt: input, output, handle, error, timing (run history);
 *                  a step that waited also keeps each time it ran (phases)
 *   run_jobs       one row per live token of a run: ready to execute, due later (a timer), or
 *                  suspended until something happens (an approval, a condition, a child run).
 *                  Workers claim rows with FOR UPDATE SKIP LOCKED; a run is finished when it has
 *                  no rows left here.
 *   human_tasks    tasks and approvals people complete (GET /api/tasks)
 *   notifications  in-app notifications
 *   mail_outbox    e-mail to deliver (SMTP when configured, otherwise a local mailbox)
 *   engine_state   small named counters (round-robin positions, schedule cursors)
 */
/**
 * The claim function as 0111 creates it. Frozen: a database keeps the function of the migration
 * that made it, so a change of the claim's conditions (CLAIMABLE_JOB_CONDITIONS in
 * run-state.store.ts) is a new migration that replaces the function, not an edit here.
 */
export const CLAIM_FUNCTION_0111 = `
  CREATE OR REPLACE FUNCTION engine_claim_due_jobs(batch integer) RETURNS SETOF run_jobs
  LANGUAGE sql VOLATILE
  SET enable_bitmapscan = off SET enable_seqscan = off SET enable_sort = off
  AS $$
    SELECT j.* FROM run_jobs j
    WHERE j.status IN ('ready', 'waiting') AND j.due_at <= now()
      AND (j.locked_until IS NULL OR j.locked_until < now())
      AND EXISTS (SELECT 1 FROM process_runs r WHERE r.id = j.run_id AND r.status IN ('running', 'waiting'))
    ORDER BY j.due_at, j.id
    LIMIT batch
    FOR UPDATE OF j SKIP LOCKED
  $$`;

/** The statistics target of the run tables' columns (PostgreSQL's default is 100): see 0112. */
const RUN_TABLE_STATISTICS = 10;

export const engineMigrations: EngineMigration[] = [
  {
    name: '0100_engine_runs',
    async up(knex) {
      await knex.schema.createTable('process_runs', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('process').notNullable();
        t.integer('definition_version').notNullable();
        t.text('mode').notNullable();
        t.text('status').notNullable();
        t.jsonb('trigger').notNullable();
        t.text('entity');
        t.uuid('record_id');
        t.jsonb('context').notNullable().defaultTo('{}');
        t.uuid('actor_id');
        t.integer('depth').notNullable().defaultTo(0);
        t.text('dedupe_key');
        t.uuid('parent_run_id');
        t.text('parent_job_token');
        t.jsonb('error');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('finished_at', { useTz: true });
        t.unique(['dedupe_key']);
        t.index(['process', 'created_at']);
        t.index(['entity', 'record_id']);
        t.index(['status']);
        t.index(['parent_run_id']);
      });
      await knex.schema.createTable('run_steps', (t) => {
        t.bigIncrements('id').primary();
        t.uuid('run_id').notNullable().references('id').inTable('process_runs').onDelete('CASCADE');
        t.text('node_id').notNullable();
        t.text('node_type').notNullable();
        t.text('token').notNullable();
        t.integer('attempt').notNullable().defaultTo(1);
        t.text('status').notNullable();
        t.jsonb('input');
        t.jsonb('output');
        t.text('handle');
        t.jsonb('effects');
        t.jsonb('logs');
        t.jsonb('error');
        t.timestamp('started_at', { useTz: true }).notNullable();
        t.timestamp('finished_at', { useTz: true });
        t.integer('duration_ms');
        t.index(['run_id', 'id']);
      });
      await knex.schema.createTable('run_jobs', (t) => {
        t.bigIncrements('id').primary();
        t.uuid('run_id').notNullable().references('id').inTable('process_runs').onDelete('CASCADE');
        t.text('node_id').notNullable();
        t.text('token').notNullable();
        // ready: execute the node when due; waiting: the node was executed and waits (a timer when
        // due_at is set, otherwise a signal); parked: failed after its retries, until an admin retries.
        t.text('status').notNullable();
        t.timestamp('due_at', { useTz: true });
        t.integer('attempt').notNullable().defaultTo(1);
        t.bigInteger('step_id');
        t.jsonb('state');
        t.jsonb('signal');
        t.text('wait_entity');
        t.uuid('wait_record_id');
        t.text('locked_by');
        t.timestamp('locked_until', { useTz: true });
        t.jsonb('last_error');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.unique(['run_id', 'token']);
      });
      await knex.raw(`CREATE INDEX run_jobs_due ON run_jobs (due_at, id) WHERE status IN ('ready', 'waiting') AND due_at IS NOT NULL`);
      await knex.raw(`CREATE INDEX run_jobs_waiting_record ON run_jobs (wait_entity, wait_record_id) WHERE wait_record_id IS NOT NULL`);
      await knex.schema.createTable('engine_state', (t) => {
        t.text('key').primary();
        t.jsonb('value').notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
    },
  },
  {
    name: '0101_engine_people_work',
    async up(knex) {
      await knex.schema.createTable('human_tasks', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('kind').notNullable();
        t.text('title').notNullable();
        t.text('description');
        t.uuid('assignee_id');
        t.text('status').notNullable().defaultTo('open');
        t.text('outcome');
        t.text('comment');
        t.uuid('completed_by');
        t.timestamp('completed_at', { useTz: true });
        t.timestamp('due_at', { useTz: true });
        t.timestamp('remind_at', { useTz: true });
        t.timestamp('reminded_at', { useTz: true });
        t.text('entity');
        t.uuid('record_id');
        t.uuid('run_id');
        t.text('node_id');
        t.text('token');
        t.text('idempotency_key');
        t.jsonb('data').notNullable().defaultTo('{}');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.unique(['idempotency_key']);
        t.index(['assignee_id', 'status']);
        t.index(['run_id']);
      });
      await knex.raw(`CREATE INDEX human_tasks_remind ON human_tasks (remind_at) WHERE status = 'open' AND reminded_at IS NULL AND remind_at IS NOT NULL`);
      await knex.schema.createTable('notifications', (t) => {
        t.bigIncrements('id').primary();
        t.uuid('user_id').notNullable();
        t.text('message').notNullable();
        t.text('entity');
        t.uuid('record_id');
        t.uuid('run_id');
        t.text('idempotency_key');
        t.timestamp('read_at', { useTz: true });
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.unique(['idempotency_key']);
        t.index(['user_id', 'id']);
      });
      await knex.schema.createTable('mail_outbox', (t) => {
        t.bigIncrements('id').primary();
        t.text('idempotency_key').notNullable();
        t.jsonb('to').notNullable();
        t.text('subject').notNullable();
        t.text('body').notNullable().defaultTo('');
        t.boolean('html').notNullable().defaultTo(false);
        t.text('status').notNullable().defaultTo('pending');
        t.text('transport');
        t.integer('attempts').notNullable().defaultTo(0);
        t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.text('message_id');
        t.jsonb('last_error');
        t.uuid('run_id');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('sent_at', { useTz: true });
        t.unique(['idempotency_key']);
        t.index(['status', 'next_attempt_at']);
      });
    },
  },
  {
    // Schedule and date triggers (src/triggers/schedule*.ts, date-trigger*.ts): the next due tick of
    // each schedule and how far each date trigger has scanned, one row per process, locked by the
    // worker that fires it.
    name: '0102_engine_trigger_state',
    async up(knex) {
      await knex.schema.createTable('schedule_triggers', (t) => {
        t.text('process').primary();
        t.integer('definition_version').notNullable();
        t.text('cron').notNullable();
        t.text('timezone').notNullable();
        t.timestamp('next_due_at', { useTz: true });
        t.timestamp('last_tick_at', { useTz: true });
        t.uuid('last_run_id');
        t.jsonb('error');
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
      await knex.raw('CREATE INDEX schedule_triggers_due ON schedule_triggers (next_due_at) WHERE next_due_at IS NOT NULL');
      await knex.schema.createTable('date_trigger_cursors', (t) => {
        t.text('process').primary();
        t.integer('definition_version').notNullable();
        t.timestamp('scanned_until', { useTz: true }).notNullable();
        t.integer('last_started').notNullable().defaultTo(0);
        t.jsonb('error');
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
    },
  },
  {
    // A run started through an API token keeps the token's roles: the steps that act as the user
    // (the script API) are checked with the person's roles narrowed to these, as the request was.
    name: '0103_engine_run_role_limit',
    async up(knex) {
      await knex.schema.alterTable('process_runs', (t) => {
        t.jsonb('actor_role_limit');
      });
    },
  },
  {
    // A step that waited keeps every time it ran (started, escalated, resumed...) in order, so run
    // history reads as the step's whole story; NULL for a step that ran once.
    name: '0107_engine_step_phases',
    async up(knex) {
      await knex.schema.alterTable('run_steps', (t) => {
        t.jsonb('phases');
      });
    },
  },
  {
    // Attempt numbers go on counting across an admin retry (the history reads 5, then 6), while the
    // retry starts a fresh budget: the budget is counted from the attempts made before it.
    name: '0110_engine_job_attempt_base',
    async up(knex) {
      await knex.schema.alterTable('run_jobs', (t) => {
        t.integer('attempt_base').notNullable().defaultTo(0);
      });
    },
  },
  {
    // The claim (run-state.store.ts) as a function that plans it with bitmap and sequential scans
    // and sorts off. run_jobs is a queue: near empty when it is analysed, thousands of due rows a
    // moment later (a burst of saves, an import, a backlog when workers start). With statistics
    // that say "a handful of rows" the planner fetched every due job, joined each to its run and
    // sorted them all to keep 8: 30,000 buffers and 100-200 ms per claim over a backlog of 10,000,
    // 0.1 ms once analysed (bench/README.md, "The paced tail, again"). Walking
    // run_jobs_due in (due_at, id) order and stopping at the limit is the right plan at any size,
    // so it is not left to statistics that a queue keeps stale. The settings hold only inside the
    // function. Changing the claim's conditions means a new migration that replaces it.
    // (The text is CLAIM_FUNCTION_0111 above.)
    name: '0111_engine_claim_function',
    async up(knex) {
      await knex.raw(CLAIM_FUNCTION_0111);
    },
  },
  {
    // Small statistics for the run tables. No query filters on their jsonb columns, yet ANALYZE
    // sorted 30,000 sampled documents of each to build histograms nobody reads: none for those
    // now. Every other column is filtered by an index on equality or a range (run id, status,
    // process, record, due time), which ten histogram buckets and ten common values plan as well as
    // a hundred, and ANALYZE samples 300 rows per unit of the largest target: 3,000 rows instead of
    // 30,000. On a server with autovacuum off the runtime analyses these tables as they churn
    // (database-maintenance.duty.ts), PGlite holds its one connection meanwhile, and the paced
    // phase's slow pickups all fell inside those analyses (bench/README.md, "The paced tail, again").
    // A column added to these tables later samples at the default again unless its own migration
    // sets it too (database-maintenance.integration.test.ts fails until it does).
    name: '0112_engine_run_table_statistics',
    async up(knex) {
      const result: { rows: Array<{ table_name: string; column_name: string; data_type: string }> } = await knex.raw(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name IN ('process_runs', 'run_steps', 'run_jobs')`,
      );
      for (const table of ['process_runs', 'run_steps', 'run_jobs']) {
        const columns = result.rows.filter((row) => row.table_name === table);
        await knex.raw(
          `ALTER TABLE ?? ${columns.map((c) => `ALTER COLUMN ?? SET STATISTICS ${c.data_type === 'jsonb' ? 0 : RUN_TABLE_STATISTICS}`).join(', ')}`,
          [table, ...columns.map((c) => c.column_name)],
        );
      }
    },
  },
  {
    // The admin's run list across processes (GET /api/runs: one status, newest first, a page of
    // 25) read the status index and then sorted every run of that status, all the completed ones
    // included; with the time and id after the status, a page is a backward walk of the index that
    // stops at the limit. It replaces the status index, so a run still writes as many index entries.
    name: '0113_engine_runs_by_status_and_time',
    async up(knex) {
      await knex.schema.alterTable('process_runs', (t) => {
        t.dropIndex(['status']);
        t.index(['status', 'created_at', 'id']);
      });
    },
  },
  {
    // A record's page lists the tasks and approvals processes gave people about it (GET
    // /api/tasks/on-record/...): without this, every open of a record read all of human_tasks.
    name: '0114_engine_tasks_by_record',
    async up(knex) {
      await knex.schema.alterTable('human_tasks', (t) => {
        t.index(['record_id', 'entity']);
      });
    },
  },
];
