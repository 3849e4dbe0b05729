/*
 * How hard the suite pushes. CI runs the small scale; CRM_DURABILITY_LONG=1 runs issue 5's full
 * scale (1,000 runs and 50+ kills, a minute of If-Match contention, minutes of sustained load).
 */

export const LONG = process.env.CRM_DURABILITY_LONG === '1';

export const SCALE = LONG
  ? {
      randomKills: { runs: 1000, kills: 60, orderShare: 0.2 },
      racing: { runs: 600 },
      connectionLoss: { runs: 300, terminateForMs: 60_000 },
      ifMatch: { clients: 10, records: 3, durationMs: 60_000 },
      sustained: { durationMs: 180_000, rates: { postgres: { runs: 10, writes: 20 }, pglite: { runs: 3, writes: 6 } }, maxInFlight: 16 },
      testTimeoutMs: 60 * 60_000,
    }
  : {
      randomKills: { runs: 100, kills: 10, orderShare: 0.2 },
      racing: { runs: 120 },
      connectionLoss: { runs: 60, terminateForMs: 10_000 },
      ifMatch: { clients: 10, records: 3, durationMs: 10_000 },
      sustained: { durationMs: 20_000, rates: { postgres: { runs: 5, writes: 10 }, pglite: { runs: 2, writes: 4 } }, maxInFlight: 16 },
      // An upper bound for a busy CI machine (restarts dominate: ~5 s on PostgreSQL, ~10 s on PGlite, more under load).
      testTimeoutMs: 15 * 60_000,
    };
