import type { Knex } from 'knex';
import ipaddr from 'ipaddr.js';
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  EMPTY_THROTTLE_STATE,
  isKnownPair,
  KNOWN_PAIR_TTL_MS,
  PAIR_RULE,
  releaseAttempt,
  reserveAttempt,
  reserveSlowed,
  type ThrottleState,
  type ThrottleVerdict,
} from './login-throttle.policy.js';

/*
 * The counters live in the database (login_throttle), so every runtime process sharing it throttles
 * together. Rows are locked in key order inside one transaction, so two attempts never interleave
 * and two processes never deadlock; the database's clock is the one clock. Keys:
 *   pair:<email>|<address>   the pair's lock (login-throttle.policy PAIR_RULE)
 *   account:<email>          the account-wide slowdown          address:<address>  the stuffing slowdown
 *   known:<email>|<address>  when that pair last signed in (exempts it from both slowdowns)
 */

export interface ThrottleKeys {
  pair: string;
  known: string;
  account: string;
  address: string | null;
}

interface ThrottleRow {
  key: string;
  failures: number;
  window_started_at: string | null;
  locked_until: string | null;
  lockouts: number;
}

/** IPv6 clients are throttled per /64: one host usually holds a whole /64. */
export function addressKey(address: string | null): string | null {
  if (!address) return null;
  if (!ipaddr.isValid(address)) return `address:${address}`;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv6') {
    const parts = ipaddr.IPv6.parse(parsed.toString()).parts.slice(0, 4);
    return `address:${parts.map((p) => p.toString(16)).join(':')}::/64`;
  }
  return `address:${parsed.toString()}`;
}

export function throttleKeys(email: string, address: string | null): ThrottleKeys {
  const where = addressKey(address) ?? 'address:-';
  return { pair: `pair:${email}|${where}`, known: `known:${email}|${where}`, account: `account:${email}`, address: addressKey(address) };
}

function toState(row: ThrottleRow | undefined): ThrottleState {
  if (!row) return EMPTY_THROTTLE_STATE;
  return {
    failures: row.failures,
    windowStartedAt: row.window_started_at ? Date.parse(row.window_started_at) : null,
    lockedUntil: row.locked_until ? Date.parse(row.locked_until) : null,
    lockouts: row.lockouts,
  };
}

function toColumns(state: ThrottleState): Omit<ThrottleRow, 'key'> {
  return {
    failures: state.failures,
    window_started_at: state.windowStartedAt === null ? null : new Date(state.windowStartedAt).toISOString(),
    locked_until: state.lockedUntil === null ? null : new Date(state.lockedUntil).toISOString(),
    lockouts: state.lockouts,
  };
}

async function databaseNowMs(trx: Knex.Transaction): Promise<number> {
  const result = await trx.raw('SELECT (extract(epoch from clock_timestamp()) * 1000)::float8 AS now_ms');
  const row: unknown = result.rows?.[0];
  if (typeof row === 'object' && row !== null && 'now_ms' in row) return Number(row.now_ms);
  throw new Error('the database did not return its clock');
}

async function lockRow(trx: Knex.Transaction, key: string): Promise<ThrottleState> {
  await trx('login_throttle').insert({ key }).onConflict('key').ignore();
  const row: ThrottleRow | undefined = await trx('login_throttle').where({ key }).forUpdate().first();
  return toState(row);
}

async function saveRow(trx: Knex.Transaction, key: string, state: ThrottleState): Promise<void> {
  await trx('login_throttle')
    .where({ key })
    .update({ ...toColumns(state), updated_at: trx.fn.now() });
}

export type ThrottleLimit = 'pair' | 'account' | 'address';

/** What an allowed attempt counted, to give back if the password is right. */
export interface ReservedAttempt {
  allowed: true;
  counted: { account: boolean; address: boolean };
}

export type ReserveResult = ReservedAttempt | { allowed: false; retryAfterSeconds: number; key: ThrottleLimit };

interface Decision {
  limit: ThrottleLimit;
  key: string;
  state: ThrottleState;
  verdict: ThrottleVerdict;
}

async function knownSince(trx: Knex.Transaction, key: string): Promise<number | null> {
  const row: ThrottleRow | undefined = await trx('login_throttle').where({ key }).first();
  return row?.window_started_at ? Date.parse(row.window_started_at) : null;
}

/**
 * Reserves one sign-in attempt on the pair, and (unless the pair is a known one) on the account and
 * the address. Refused when any of them says so; a refused attempt counts on none (it checked no
 * password). Rows are locked in key order.
 */
export async function reserveLoginAttempt(knex: Knex, keys: ThrottleKeys): Promise<ReserveResult> {
  return knex.transaction(async (trx) => {
    const known = isKnownPair(await knownSince(trx, keys.known), await databaseNowMs(trx));
    const wanted: Array<{ limit: ThrottleLimit; key: string }> = [{ limit: 'pair', key: keys.pair }];
    if (!known) wanted.push({ limit: 'account', key: keys.account });
    if (!known && keys.address) wanted.push({ limit: 'address', key: keys.address });
    const states = new Map<string, ThrottleState>();
    for (const { key } of [...wanted].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) states.set(key, await lockRow(trx, key));
    // The clock is read once the rows are ours: read before, an attempt that waited on the lock while
    // another one set the spacing from a later instant would count its wait from too early (and
    // answer a Retry-After longer than the spacing itself).
    const now = await databaseNowMs(trx);

    const pair = reserveAttempt(states.get(keys.pair) ?? EMPTY_THROTTLE_STATE, now, PAIR_RULE);
    const decisions: Decision[] = [{ limit: 'pair', key: keys.pair, ...pair }];
    // The address counts an account once per window: on the pair's first failure there.
    const firstFailureOfPair = pair.verdict.allowed && pair.state.failures === 1;
    for (const { limit, key } of wanted) {
      if (limit === 'pair') continue;
      const rule = limit === 'account' ? ACCOUNT_RULE : ADDRESS_RULE;
      const counts = limit === 'account' || firstFailureOfPair;
      decisions.push({ limit, key, ...reserveSlowed(states.get(key) ?? EMPTY_THROTTLE_STATE, now, rule, counts) });
    }
    const refused = decisions.filter((d) => !d.verdict.allowed);
    for (const decision of refused.length > 0 ? refused : decisions) await saveRow(trx, decision.key, decision.state);
    if (refused.length === 0) {
      return { allowed: true, counted: { account: wanted.some((w) => w.limit === 'account'), address: firstFailureOfPair && wanted.some((w) => w.limit === 'address') } };
    }
    let retryAfterMs = 0;
    let which: ThrottleLimit = 'pair';
    for (const decision of refused) {
      if (!decision.verdict.allowed && decision.verdict.retryAfterMs >= retryAfterMs) {
        retryAfterMs = decision.verdict.retryAfterMs;
        which = decision.limit;
      }
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)), key: which };
  });
}

/**
 * After a successful sign-in: the pair's counter starts over, the account and the address get back
 * what this attempt counted, and the pair becomes a known one (exempt from the slowdowns).
 */
export async function recordLoginSuccess(knex: Knex, keys: ThrottleKeys, reserved: ReservedAttempt): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('login_throttle').where({ key: keys.pair }).delete();
    const release = [...(reserved.counted.account ? [keys.account] : []), ...(reserved.counted.address && keys.address ? [keys.address] : [])].sort();
    for (const key of release) await saveRow(trx, key, releaseAttempt(await lockRow(trx, key)));
    const now = new Date(await databaseNowMs(trx)).toISOString();
    await trx('login_throttle')
      .insert({ key: keys.known, failures: 0, window_started_at: now, lockouts: 0, updated_at: now })
      .onConflict('key')
      .merge(['window_started_at', 'updated_at']);
    // Rows of emails tried once and forgotten would pile up; drop those idle for a day (known pairs
    // live until their exemption runs out).
    await trx('login_throttle')
      .where('updated_at', '<', trx.raw(`now() - interval '1 day'`))
      .andWhereNot('key', 'like', 'known:%')
      .andWhere((q) => q.whereNull('locked_until').orWhere('locked_until', '<', trx.fn.now()))
      .delete();
    await trx('login_throttle')
      .where('key', 'like', 'known:%')
      .andWhere('updated_at', '<', trx.raw(`now() - make_interval(secs => ?)`, [KNOWN_PAIR_TTL_MS / 1000]))
      .delete();
  });
}
