import type { Knex } from 'knex';
import ipaddr from 'ipaddr.js';
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  EMPTY_THROTTLE_STATE,
  releaseAttempt,
  reserveAttempt,
  type ThrottleRule,
  type ThrottleState,
} from './login-throttle.policy.js';

/*
 * The counters live in the database (login_throttle), so every runtime process sharing it throttles
 * together. Rows are locked in key order inside one transaction, so two attempts never interleave
 * and two processes never deadlock; the database's clock is the one clock.
 */

export interface ThrottleKeys {
  account: string;
  address: string | null;
}

interface KeyRule {
  key: string;
  rule: ThrottleRule;
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
  return { account: `account:${email}`, address: addressKey(address) };
}

function keyRules(keys: ThrottleKeys): KeyRule[] {
  const list: KeyRule[] = [{ key: keys.account, rule: ACCOUNT_RULE }];
  if (keys.address) list.push({ key: keys.address, rule: ADDRESS_RULE });
  return list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
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

export type ReserveResult = { allowed: true } | { allowed: false; retryAfterSeconds: number; key: 'account' | 'address' };

/**
 * Reserves one sign-in attempt on the account and the address. Refused when either is locked or
 * has used its attempts; a refused attempt counts on neither (it checked no password).
 */
export async function reserveLoginAttempt(knex: Knex, keys: ThrottleKeys): Promise<ReserveResult> {
  return knex.transaction(async (trx) => {
    const now = await databaseNowMs(trx);
    const decisions = [];
    for (const { key, rule } of keyRules(keys)) {
      const decision = reserveAttempt(await lockRow(trx, key), now, rule);
      decisions.push({ key, ...decision });
    }
    const refused = decisions.filter((d) => !d.verdict.allowed);
    for (const decision of refused.length > 0 ? refused : decisions) await saveRow(trx, decision.key, decision.state);
    if (refused.length === 0) return { allowed: true };
    let retryAfterMs = 0;
    let which: 'account' | 'address' = 'account';
    for (const decision of refused) {
      if (!decision.verdict.allowed && decision.verdict.retryAfterMs >= retryAfterMs) {
        retryAfterMs = decision.verdict.retryAfterMs;
        which = decision.key === keys.account ? 'account' : 'address';
      }
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)), key: which };
  });
}

/** After a successful sign-in: the account's counter starts over, the address gets its slot back. */
export async function recordLoginSuccess(knex: Knex, keys: ThrottleKeys): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('login_throttle').where({ key: keys.account }).delete();
    if (keys.address) {
      const state = await lockRow(trx, keys.address);
      await saveRow(trx, keys.address, releaseAttempt(state));
    }
    // Rows of emails tried once and forgotten would pile up; drop those idle for a day.
    await trx('login_throttle')
      .where('updated_at', '<', trx.raw(`now() - interval '1 day'`))
      .andWhere((q) => q.whereNull('locked_until').orWhere('locked_until', '<', trx.fn.now()))
      .delete();
  });
}
