import type { App } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTestApp } from '../access/access-test.fixtures.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { isAppError } from '../errors/index.js';
import type { Actor } from '../people/user.types.js';
import { findUserById, insertUser, toActor } from '../people/users.repository.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import type { BeforeSaveHook } from './before-save.hooks.js';
import type { ListQuery } from './list-query.parser.js';
import { createRecordService } from './record.service.js';
import type { RecordCaller } from './record.types.js';

/*
 * The records service and callers that are not plain HTTP requests: before-save processes that
 * change what a person saves, and processes writing with their own rights or a person's.
 */

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (isAppError(error)) return `${error.status} ${error.code}`;
    throw error;
  }
}

describe.each(testDatabaseKinds())('records service access on %s', (kind) => {
  let rt: TestRuntime;
  let app: App;
  let rep: Actor;
  let other: Actor;

  async function actor(email: string, roles: string[]): Promise<Actor> {
    const row = await insertUser(rt.db.knex, { email, name: email, passwordHash: null, roles });
    const fresh = await findUserById(rt.db.knex, row.id);
    if (!fresh) throw new Error('no user');
    return toActor(fresh);
  }

  const service = (caller: RecordCaller, hooks: readonly BeforeSaveHook[] = []) => createRecordService({ db: rt.db.knex, app, caller, hooks });

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: accessTestApp() });
    const live = await rt.runtime.definitionService.getLive();
    if (!live) throw new Error('not published');
    app = live.app;
    rep = await actor(`rep-${kind}@x.test`, ['rep']);
    other = await actor(`other-${kind}@x.test`, ['rep']);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('returns a created record to its creator when a process routes it away, and then hides it', async () => {
    // ARRANGE: a routing process hands every new deal to someone else and sets a field the rep may only read
    const route: BeforeSaveHook = ({ action, after }) => {
      if (action === 'create') {
        after['owner'] = other.id;
        after['region'] = 'routed';
        after['margin'] = 33;
      }
    };
    // ACT
    const created = await service({ user: rep }, [route]).create('deal', { title: 'routed' });
    // ASSERT
    expect(created).toMatchObject({ title: 'routed', owner: other.id, region: 'routed' });
    expect('margin' in created).toBe(false);
    expect(await codeOf(service({ user: rep }).get('deal', created.id))).toBe('404 NOT_FOUND');
    expect(await service({ user: other }).get('deal', created.id)).toMatchObject({ region: 'routed' });
  });

  it('checks the caller input, not what before-save processes change', async () => {
    const deal = await service({ user: rep }).create('deal', { title: 'mine' });
    const setRegion: BeforeSaveHook = ({ after }) => {
      after['region'] = 'by process';
    };
    expect(await service({ user: rep }, [setRegion]).update('deal', deal.id, { title: 'renamed' })).toMatchObject({ region: 'by process' });
    expect(await codeOf(service({ user: rep }, [setRegion]).update('deal', deal.id, { region: 'by me' }))).toBe('403 FORBIDDEN');
  });

  it('does not check a process acting with its own rights, and checks one acting for a person', async () => {
    const theirs = await service({ user: other }).create('deal', { title: 'theirs' });
    const system = service({ user: rep, process: { name: 'cleanup' } });
    expect(await system.update('deal', theirs.id, { margin: 12, region: 'x' })).toMatchObject({ margin: 12, region: 'x' });
    const asRep = service({ user: rep, process: { name: 'script', actAs: 'user' } });
    expect(await codeOf(asRep.get('deal', theirs.id))).toBe('404 NOT_FOUND');
    expect(await codeOf(asRep.update('deal', theirs.id, { title: 'hijacked' }))).toBe('404 NOT_FOUND');
    expect(await codeOf(service({ user: null, process: { name: 'script', actAs: 'user' } }).list('deal', emptyQuery()))).toBe('403 FORBIDDEN');
    expect(await codeOf(service({ user: null }).list('deal', emptyQuery()))).toBe('401 UNAUTHORIZED');
  });
});

function emptyQuery(): ListQuery {
  return { filter: null, sort: [], limit: 10, cursor: null, q: null, expand: [], count: false, deleted: 'exclude' };
}
