import http from 'node:http';
import { openBaselineDb } from './baseline-db.js';

/*
 * The routed-create baseline: a bare node:http server doing what a routed create must do at the
 * least, in one transaction: INSERT the deal as the caller's, and when the amount is over 100,000
 * UPDATE its owner to the senior manager with the fewest open deals (the same pick as
 * route_big_deals). No auth, no validation beyond JSON, no history, no outbox.
 *
 *   POST /deal  {title, amount}  X-User-Id: <rep id>  ->  201 the row
 *
 * Env: BENCH_DB_URL or BENCH_DATA_DIR, BENCH_SENIORS (comma-separated ids), PORT.
 */

const db = await openBaselineDb(process.env);
const seniors = (process.env.BENCH_SENIORS ?? '').split(',').filter((id) => id !== '');

const INSERT = `INSERT INTO rec_deal (owner, created_by, updated_by, title, amount, stage)
  VALUES ($1, $1, $1, $2, $3, 'lead') RETURNING *`;
// The same pick as the product's least-loaded assignment: one grouped count over the candidates.
const ROUTE = `UPDATE rec_deal SET owner = (
    SELECT s.id FROM unnest($2::uuid[]) AS s(id)
    LEFT JOIN (SELECT owner, count(*) AS n FROM rec_deal
                WHERE deleted_at IS NULL AND owner = ANY($2::uuid[]) AND (stage IS NULL OR stage NOT IN ('won', 'lost'))
                GROUP BY owner) AS c ON c.owner = s.id
    ORDER BY coalesce(c.n, 0), s.id
    LIMIT 1), updated_at = now()
  WHERE id = $1 RETURNING *`;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/deal') {
    answer(res, req.url === '/health' ? 200 : 404, { ok: req.url === '/health' });
    return;
  }
  readBody(req)
    .then(async (text) => {
      const input: { title?: unknown; amount?: unknown } = JSON.parse(text);
      const user = req.headers['x-user-id'];
      const amount = Number(input.amount);
      const row = await db.transaction(async (query) => {
        const [inserted] = await query<{ id: string }>(INSERT, [user, String(input.title), amount]);
        if (!inserted || amount <= 100_000) return inserted;
        const [routed] = await query(ROUTE, [inserted.id, seniors]);
        return routed;
      });
      answer(res, 201, row);
    })
    .catch((error: unknown) => answer(res, 500, { error: String(error) }));
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : '?'}`);
});

const stop = (): void => {
  server.close(() => {
    db.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
