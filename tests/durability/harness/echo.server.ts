import http from 'node:http';

/*
 * The outside world an HTTP step calls: a loopback server that remembers every request with its
 * Idempotency-Key and body, so a test can see how often a step called out and whether every
 * attempt carried the same key.
 */

export interface EchoCall {
  key: string | null;
  body: string;
  at: number;
}

export interface EchoServer {
  readonly url: string;
  readonly calls: EchoCall[];
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const calls: EchoCall[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      calls.push({ key: typeof key === 'string' ? key : null, body, at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, seen: calls.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
