import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';

export type DriverName = 'postgres';

/**
 * The database suites run on one PostgreSQL: the server named by TEST_DATABASE_URL, or else the embedded server the
 * test run starts once (test/support/global-setup.ts sets TEST_DATABASE_URL to it). Each test file gets a fresh
 * database of its own, dropped afterwards.
 */
export const testDrivers: DriverName[] = ['postgres'];

export interface TestDatabase extends DatabaseHandle {
  /** Closes the handle and drops the database. */
  destroy(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'TEST_DATABASE_URL is not set: run the suites through vitest, whose global setup sets it',
    );
  return url;
}

/** Creates an empty database on the server for one test file and returns its URL. */
export async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = adminUrl();
  const name = `boksup_test_${randomBytes(6).toString('hex')}`;
  const client = postgres(admin, { max: 1, onnotice: () => {} });
  await client.unsafe(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = postgres(admin, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export async function createTestDatabase(_driver: DriverName = 'postgres'): Promise<TestDatabase> {
  const server = await createServerDatabase();
  const handle = await openDatabase({ url: server.url, maxConnections: 5 });
  return {
    ...handle,
    destroy: async () => {
      await handle.close();
      await server.drop();
    },
  };
}
