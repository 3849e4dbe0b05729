import http from 'node:http';

/*
 * A receiver that takes its time: a loopback server that answers each request after the delay
 * its URL asks for (`?delay=<ms>`), remembering every call with its Idempotency-Key, when it came
 * and when it was answered, so a test can hold an HTTP step in flight and count who called what.
 */

export interface ReceivedCall {
  key: string | null;
  body: string;
  at: number;
  answeredAt: number | null;
}

export interface SlowReceiver {
  /** The URL to call to be answered after `delayMs`. */
  url(delayMs: number): string;
  readonly calls: ReceivedCall[];
  /** Resolves with the next call to arrive (from now on). */
  nextCall(): Promise<ReceivedCall>;
  close(): Promise<void>;
}

export async function startSlowReceiver(): Promise<SlowReceiver> {
  const calls: ReceivedCall[] = [];
  let waiting: Array<(call: ReceivedCall) => void> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      const call: ReceivedCall = { key: typeof key === 'string' ? key : null, body, at: Date.now(), answeredAt: null };
      calls.push(call);
      const woken = waiting;
      waiting = [];
      for (const resolve of woken) resolve(call);
      const delay = Number(new URL(req.url ?? '/', 'http://receiver').searchParams.get('delay') ?? 0);
      setTimeout(() => {
        call.answeredAt = Date.now();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (delayMs) => `http://127.0.0.1:${port}/hook?delay=${delayMs}`,
    calls,
    nextCall: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
