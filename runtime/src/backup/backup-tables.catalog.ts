/*
 * Every table the runtime's migrations create (db/system.migrations.ts and the engine's store
 * migrations), and whether a backup carries it. A table missing here makes a backup refuse to run
 * and fails backup-tables.integration.test.ts, so a new migration cannot be silently left out of
 * backups: whoever adds a table decides here whether it is restored, and if not, says why.
 *
 * Tables made by publishing definitions (records, many-to-many links, archives of dropped parts) are
 * not listed: they are recognised by their prefixes and carried with their structure.
 */

export type SystemTablePolicy = { carried: true } | { carried: false; reason: string };

const CARRIED: SystemTablePolicy = { carried: true };

export const SYSTEM_TABLES: Readonly<Record<string, SystemTablePolicy>> = {
  // People (password hashes included: a backup is restored by the same organisation).
  teams: CARRIED,
  users: CARRIED,
  api_tokens: CARRIED,
  sessions: {
    carried: false,
    reason: 'Sign-ins belong to the moment and the browser; a restored instance is signed into again, and a file of live session tokens would let whoever holds it act as anyone.',
  },
  login_throttle: {
    carried: false,
    reason: 'Failed-login counters of the moment; a restored instance starts without lockouts.',
  },
  // Definitions: every version, the draft, archives of dropped parts.
  definition_draft: CARRIED,
  definition_versions: CARRIED,
  definition_archives: CARRIED,
  // History and the audit chain.
  record_history: CARRIED,
  audit_log: CARRIED,
  audit_head: CARRIED,
  // Files attached to records (their bytes are in the row).
  files: CARRIED,
  // Web-form submissions: the consent a visitor gave (text, time, address) and the UTM of the visit,
  // evidence the organisation must keep with the records they created.
  web_form_submissions: CARRIED,
  web_form_throttle: {
    carried: false,
    reason: 'Submission counters per address for the current minute; a restored instance starts without them.',
  },
  // Telephony: the PBX integrations (secret hashes, mapping), people's extensions, and the call
  // events received (so a PBX retrying after a restore is still recognised as a repeat).
  telephony_integrations: CARRIED,
  telephony_extensions: CARRIED,
  telephony_call_events: CARRIED,
  // Document and e-mail templates, which generated PDF (a row of files) belongs to which record,
  // and the numbering counters: a restore must go on from the last invoice number, never repeat one.
  text_templates: CARRIED,
  record_documents: CARRIED,
  document_sequences: CARRIED,
  // Mailings: segments, campaigns, each recipient's message and status, links, clicks, and the
  // unsubscribed addresses (which every later mailing must keep honouring after a restore).
  mailing_segments: CARRIED,
  mailings: CARRIED,
  mailing_recipients: CARRIED,
  mailing_links: CARRIED,
  mailing_clicks: CARRIED,
  mailing_unsubscribes: CARRIED,
  // Settings, saved views, webhooks.
  runtime_settings: CARRIED,
  saved_views: CARRIED,
  webhook_subscriptions: CARRIED,
  webhook_events: CARRIED,
  webhook_deliveries: CARRIED,
  // The engine's run state: runs, steps, jobs, timers, tasks, notifications, outgoing mail.
  process_runs: CARRIED,
  run_steps: CARRIED,
  run_jobs: CARRIED,
  engine_state: CARRIED,
  human_tasks: CARRIED,
  notifications: CARRIED,
  mail_outbox: CARRIED,
  schedule_triggers: CARRIED,
  date_trigger_cursors: CARRIED,
  // The migrator's bookkeeping.
  crm_system_migrations: {
    carried: false,
    reason: "Written by the restoring instance's own migrator; a restore instead requires the backup's migrations to be exactly the instance's.",
  },
  crm_system_migrations_lock: {
    carried: false,
    reason: "The migrator's lock row, owned by the instance that runs the migrations.",
  },
};

/** Prefixes of the tables publishing creates: records, many-to-many links, archives. */
const DEFINITION_TABLE = /^(rec|lnk|arc)_/;

export type TableRole = 'system' | 'excluded' | 'definition' | 'unknown';

export function tableRole(table: string): TableRole {
  const policy = Object.hasOwn(SYSTEM_TABLES, table) ? SYSTEM_TABLES[table] : undefined;
  if (policy) return policy.carried ? 'system' : 'excluded';
  return DEFINITION_TABLE.test(table) ? 'definition' : 'unknown';
}
