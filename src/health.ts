import { createServer, type Server } from 'node:http';

export interface HealthChecks {
  /** Gateway connected and database answering. */
  ready(): Promise<boolean>;
  /** False when the process should be replaced: the gateway has been down longer than its grace period. */
  alive(): boolean;
}

/**
 * `/healthz` (liveness): 200 unless the gateway has been down longer than the grace period, then 503, so a health
 * check replaces a process that lost Discord for good. A database outage does not fail it: a new process would not
 * bring the database back. `/readyz` (readiness): 200 only while the gateway is connected and the database answers.
 */
export async function startHealthServer(
  port: number,
  checks: HealthChecks,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const reply = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.url === '/healthz') {
      const alive = checks.alive();
      return reply(alive ? 200 : 503, { status: alive ? 'alive' : 'gateway down too long' });
    }
    if (request.url === '/readyz') {
      checks.ready().then(
        (ready) => reply(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' }),
        () => reply(503, { status: 'not ready' }),
      );
      return;
    }
    reply(404, { status: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
