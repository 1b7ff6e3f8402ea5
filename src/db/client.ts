import { fileURLToPath } from 'node:url';
import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { drizzle, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded/server.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The one database type the repositories take: a connection or a transaction. */
export type Database = PgDatabase<PostgresJsQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** The postgres.js client under `Database`: the hot path's statements are written for it in SQL. */
export type SqlClient = postgres.Sql;
/** A piece of SQL with its parameters, composed into a statement by a postgres.js template. */
export type SqlFragment = postgres.Fragment;

export interface DatabaseHandle {
  db: Database;
  /** The postgres.js client under `db`, for statements written in SQL. */
  sql: SqlClient;
  /** A URL another process can use to reach the same database. */
  url: string;
  /** The server the bot started itself (no DATABASE_URL), if it did. */
  embedded: EmbeddedPostgres | undefined;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Serializes migrations when several processes start against one server at once. */
const MIGRATION_LOCK_KEY = 0x626f6b73; // 'boks'

/** The bot's connections: enough for interactions in flight and a job, few enough to keep the server small. */
const DEFAULT_MAX_CONNECTIONS = 5;

export interface OpenOptions {
  url: string;
  maxConnections?: number;
}

/** Connects to a server and applies pending migrations. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const client = postgres(options.url, {
    max: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    onnotice: () => {},
    connect_timeout: 10,
    // A restarted server drops every connection; postgres.js reconnects on the next query.
    idle_timeout: 60,
    // While the server is away, postgres.js waits between connection attempts, up to 20 s by default, and
    // queries queue behind the wait: a member would see no answer at all. A short fixed pause keeps each
    // interaction failing fast (a short error) and reconnects within a second of the server's return.
    backoff: () => 0.25,
  });
  const db = drizzle({ client, schema });
  // The lock lives on its own connection so that migrations never wait for the one holding it.
  const lockClient = postgres(options.url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    await client.end({ timeout: 1 });
    throw error;
  } finally {
    await lockClient.end({ timeout: 1 });
  }
  return {
    db,
    sql: client,
    url: options.url,
    embedded: undefined,
    ping: () => pingDatabase(db),
    close: () => client.end({ timeout: 5 }),
  };
}

export interface ConfiguredDatabase {
  /** A server's URL; unset starts the embedded server in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  maxConnections?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** The database the configuration names: the given server, or the embedded one, started here and stopped on close. */
export async function openConfiguredDatabase(config: ConfiguredDatabase): Promise<DatabaseHandle> {
  const { databaseUrl, maxConnections } = config;
  if (databaseUrl) return openDatabase({ url: databaseUrl, maxConnections });
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log: config.log });
  try {
    const handle = await openDatabase({ url: embedded.url, maxConnections });
    return {
      ...handle,
      embedded,
      close: async () => {
        await handle.close();
        await embedded.stop();
      },
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

async function pingDatabase(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
