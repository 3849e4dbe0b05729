import type { TemplateBundle } from '@crm/schemas';
import { loadTemplate } from '@crm/templates';
import type { Knex } from 'knex';
import type { Runtime } from '../runtime.factory.js';
import { hashPassword } from '../auth/password.hasher.js';
import { assertDemoPassword, FIRST_ADMIN_EMAIL } from '../auth/admin.bootstrap.js';
import { findUserByEmail, insertUser, normaliseEmail, toActor } from '../people/users.repository.js';
import { createRecordService } from '../records/index.js';

export interface InstallResult {
  installed: boolean;
  summary: string;
}

interface KeyRef {
  $key: string;
}

function isKeyRef(value: unknown): value is KeyRef {
  return typeof value === 'object' && value !== null && '$key' in value && typeof value.$key === 'string';
}

/**
 * Installs an industry template in one step: its app definition is published (creating the tables),
 * then its teams, people and demo records are created through the same services the API uses, so
 * demo data passes the same validation and gets history. A database that already has a live
 * definition is left alone, so restarting with --template is harmless.
 */
export async function installTemplate(
  runtime: Runtime,
  name: string,
  options: { demoPassword?: string | undefined } = {},
): Promise<InstallResult> {
  const { definitionService, context } = runtime;
  const knex = context.db.knex;
  // Checked before anything is installed, so a weak password leaves the database untouched.
  assertDemoPassword(options.demoPassword);
  if (await definitionService.getLive()) {
    return { installed: false, summary: 'a definition is already live; nothing installed' };
  }
  const bundle = loadTemplate(name);
  const admin = await findUserByEmail(knex, FIRST_ADMIN_EMAIL);
  if (!admin) throw new Error('the first admin must exist before a template is installed');

  await definitionService.putDraft(bundle.app, { id: admin.id });
  const published = await definitionService.publish({ note: `template ${bundle.name}` }, { id: admin.id });
  const userIds = await installPeople(knex, bundle, options.demoPassword);
  const live = await definitionService.getLive();
  if (!live) throw new Error('the template was published but no definition is live');

  const records = createRecordService({ db: knex, app: live.app, caller: { user: toActor(admin) } });
  const keys = new Map<string, string>();
  let count = 0;
  for (const [entity, rows] of Object.entries(bundle.data ?? {})) {
    const model = live.app.entities.find((e) => e.name === entity);
    const userFields = new Set(['owner', ...(model?.fields.filter((f) => f.type === 'user').map((f) => f.name) ?? [])]);
    for (const row of rows) {
      const input: Record<string, unknown> = {};
      let key: string | undefined;
      for (const [field, value] of Object.entries(row)) {
        if (field === '$key') {
          key = typeof value === 'string' ? value : undefined;
        } else if (isKeyRef(value)) {
          input[field] = keys.get(value.$key) ?? null;
        } else if (userFields.has(field) && typeof value === 'string' && value.includes('@')) {
          input[field] = userIds.get(normaliseEmail(value)) ?? null;
        } else {
          input[field] = value;
        }
      }
      const created = await records.create(entity, input);
      if (key) keys.set(key, created.id);
      count += 1;
    }
  }
  const version = 'version' in published ? published.version : '?';
  return {
    installed: true,
    summary: `definition v${version}, ${userIds.size} people, ${count} records`,
  };
}

async function installPeople(knex: Knex, bundle: TemplateBundle, demoPassword: string | undefined): Promise<Map<string, string>> {
  const passwordHash = demoPassword ? await hashPassword(demoPassword) : null;
  return knex.transaction(async (trx) => {
    const teamIds = new Map<string, string>();
    const pending = [...(bundle.teams ?? [])];
    // Parents first: a team is created once the team it reports to exists.
    while (pending.length > 0) {
      const index = pending.findIndex((t) => !t.parent || teamIds.has(t.parent));
      if (index < 0) throw new Error(`template teams have a missing or circular parent: ${pending.map((t) => t.name).join(', ')}`);
      const [team] = pending.splice(index, 1);
      if (!team) break;
      const [row] = await trx('teams')
        .insert({ name: team.name, parent_id: team.parent ? teamIds.get(team.parent) : null })
        .returning<{ id: string }[]>('id');
      if (row) teamIds.set(team.name, row.id);
    }
    const userIds = new Map<string, string>();
    for (const user of bundle.users ?? []) {
      const row = await insertUser(trx, {
        email: user.email,
        name: user.name,
        passwordHash,
        roles: user.roles,
        teamId: user.team ? (teamIds.get(user.team) ?? null) : null,
        // $user.<attribute> in conditions and sharing rules (e.g. region) reads these.
        attributes: user.attributes ?? {},
      });
      userIds.set(row.email, row.id);
    }
    for (const user of bundle.users ?? []) {
      if (!user.manager) continue;
      await trx('users')
        .where({ id: userIds.get(normaliseEmail(user.email)) })
        .update({ manager_id: userIds.get(normaliseEmail(user.manager)) ?? null });
    }
    for (const team of bundle.teams ?? []) {
      if (!team.manager) continue;
      await trx('teams')
        .where({ id: teamIds.get(team.name) })
        .update({ manager_id: userIds.get(normaliseEmail(team.manager)) ?? null });
    }
    return userIds;
  });
}
