// Once per test run: when no TEST_DATABASE_URL is given, start one embedded PostgreSQL (the bot's own default
// database) in a temporary folder and hand its URL to every test file through TEST_DATABASE_URL; each file then
// creates a database of its own on it. Stopped and removed when the run ends.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded/server.js';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'boksup-test-db-'));
  // As root the server runs as an unprivileged user, which must be able to enter the folder.
  await chmod(dataDir, 0o755);
  // Throw-away data: no fsync. Enough connections for the test files running at once and the bots they spawn.
  const server = await startEmbeddedPostgres({ dataDir, durable: false, maxConnections: 200 });
  process.env.TEST_DATABASE_URL = server.url;
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
