import http, { type RequestListener, type Server } from 'node:http';
import { StartupConfigError } from '../auth/admin.bootstrap.js';

export interface StartingServer {
  server: Server;
  /** Hands requests to the application once it is ready (until then every request gets 503). */
  serve(app: RequestListener): void;
}

function startingUp(_req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
  res.end(JSON.stringify({ error: { code: 'STARTING', message: 'The CRM runtime is starting; try again in a moment.', details: [] } }));
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code === 'EADDRINUSE') {
    return new StartupConfigError(`Port ${port} is already in use; set PORT=... (or --port) to another port, or stop what is listening on ${port}.`);
  }
  if (error.code === 'EACCES') return new StartupConfigError(`Not allowed to listen on port ${port}; set PORT=... to a port above 1023.`);
  if (error.code === 'EADDRNOTAVAIL') return new StartupConfigError(`The address ${host} is not on this machine; set HOST=... (or --host).`);
  return error;
}

/*
 * The port is taken first, before the database is opened or anything is installed: a second
 * `npm start` on a busy port used to print "started" and serve nothing (and would have opened the
 * first one's embedded database). Now it fails at once with the reason.
 */
export async function listenFirst(port: number, host: string): Promise<StartingServer> {
  const server = http.createServer(startingUp);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(listenError(error, port, host));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return {
    server,
    serve(app) {
      server.off('request', startingUp);
      server.on('request', app);
    },
  };
}
