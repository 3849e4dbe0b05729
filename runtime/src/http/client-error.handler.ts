import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/*
 * Requests Node refuses before express sees them (a URL or headers over maxHeaderSize, a request
 * line it cannot parse) get the same {error: {code, message, details}} answer as everything else,
 * instead of Node's bare "431" or "400" with no body. Attach it where the HTTP server is created.
 */

interface ClientError extends Error {
  code?: string;
}

const ANSWERS: Readonly<Record<string, { status: number; reason: string; code: string; message: string }>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'REQUEST_TOO_LONG',
    message: 'The address or the headers are too long (over 16 KB); send long filters in a request body or shorten the URL.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'REQUEST_TIMEOUT', message: 'The request took too long to arrive.' },
};

const MALFORMED = { status: 400, reason: 'Bad Request', code: 'MALFORMED_REQUEST', message: 'The HTTP request could not be parsed.' };

function answer(error: ClientError): string {
  const { status, reason, code, message } = ANSWERS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({ error: { code, message, details: [] } });
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: ClientError, socket: Duplex) => {
    // A reset or timed-out connection has no one to answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(answer(error));
  });
}
