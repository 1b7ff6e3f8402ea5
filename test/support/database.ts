import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';

export type DriverName = 'pglite' | 'postgres';

/**
 * The drivers the database suites run on: always the embedded PGlite, and the server named by TEST_DATABASE_URL
 * when it is set (a fresh database per test file, dropped afterwards). TEST_DRIVERS=postgres narrows a run to the
 * server, so CI does not run the embedded suites twice.
 */
export const testDrivers: DriverName[] = (() => {
  const available: DriverName[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const wanted = process.env.TEST_DRIVERS?.split(',').map((name) => name.trim());
  return wanted ? available.filter((driver) => wanted.includes(driver)) : available;
})();

export interface TestDatabase extends DatabaseHandle {
  /** A URL another process can use to reach the same database (server only). */
  url: string | undefined;
  /** Closes the handle and drops the database. */
  destroy(): Promise<void>;
}

/** Creates an empty database on the server for one test file and returns its URL. */
export async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `boksup_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export async function createTestDatabase(
  driver: DriverName,
  options: { dataDir?: string } = {},
): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const handle = await openDatabase({ driver: 'pglite', dataDir: options.dataDir });
    return { ...handle, url: undefined, destroy: () => handle.close() };
  }
  const server = await createServerDatabase();
  const handle = await openDatabase({ driver: 'postgres', url: server.url, maxConnections: 5 });
  return {
    ...handle,
    url: server.url,
    destroy: async () => {
      await handle.close();
      await server.drop();
    },
  };
}
