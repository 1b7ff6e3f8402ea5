import { createServer, type Server } from 'node:http';

export interface HealthChecks {
  /** Gateway connected and database answering. */
  ready(): Promise<boolean>;
}

/**
 * `/healthz`: the process is alive. `/readyz`: it can serve (gateway connected, database answering), else 503.
 * ECS's container health check and docker-compose use these.
 */
export async function startHealthServer(
  port: number,
  checks: HealthChecks,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const reply = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.url === '/healthz') return reply(200, { status: 'alive' });
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
