import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The one database type the repositories take: a connection or a transaction, on either driver. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface DatabaseHandle {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Serializes migrations when several processes start against one server at once. */
const MIGRATION_LOCK_KEY = 0x626f6b73; // 'boks'

export type DatabaseTarget =
  | { driver: 'postgres'; url: string; maxConnections?: number }
  | { driver: 'pglite'; dataDir: string | undefined };

/**
 * Opens the database and applies pending migrations. PGlite keeps its files in `dataDir` (in memory when
 * undefined); postgres.js connects to a server.
 */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.driver === 'postgres') {
    const client = postgres(target.url, {
      max: target.maxConnections ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
      // A restarted server drops every connection; postgres.js reconnects on the next query.
      idle_timeout: 60,
      // While the server is away, postgres.js waits between connection attempts, up to 20 s by default, and
      // queries queue behind the wait: a member would see no answer at all. A short fixed pause keeps each
      // interaction failing fast (a short error) and reconnects within a second of the server's return.
      backoff: () => 0.25,
    });
    const db = drizzlePostgres({ client, schema }) as unknown as Database;
    // The lock lives on its own connection so that migrations never wait for the one holding it.
    const lockClient = postgres(target.url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      await migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (error) {
      await client.end({ timeout: 1 });
      throw error;
    } finally {
      await lockClient.end({ timeout: 1 });
    }
    return {
      db,
      driver: 'postgres',
      ping: () => pingDatabase(db),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (target.dataDir !== undefined) await mkdir(target.dataDir, { recursive: true });
  const client = target.dataDir === undefined ? new PGlite() : new PGlite(path.resolve(target.dataDir));
  const pgliteDb = drizzlePglite({ client, schema });
  await migratePglite(pgliteDb, { migrationsFolder: MIGRATIONS_FOLDER });
  const db = pgliteDb as unknown as Database;
  return {
    db,
    driver: 'pglite',
    ping: () => pingDatabase(db),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

async function pingDatabase(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
