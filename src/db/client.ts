import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { drizzle, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { projectPath } from '../project-files.js';
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

export const MIGRATIONS_FOLDER = projectPath('migrations');

/** Serializes migrations when several processes start against one server at once. */
const MIGRATION_LOCK_KEY = 0x626f6b73; // 'boks'

/**
 * The bot's connections: enough for a grade press's four reads at once (the answer's basis, the zone, the
 * parameters, the next item) and a job beside, few enough to keep the server small: each backend holds 8 MB or so
 * once warm, counted in the bot's footprint on the embedded server. No statement holds a connection for long:
 * the answer path runs no transaction block.
 */
const DEFAULT_MAX_CONNECTIONS = 4;

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
  try {
    if (!(await migrationsApplied(client))) await migrateUnderLock(db, options.url);
  } catch (error) {
    await client.end({ timeout: 1 });
    throw error;
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

/**
 * Whether the database has the newest migration this code knows: drizzle records each applied migration with its
 * journal time, and applies only those newer than the newest recorded. Most starts find nothing to do; this one
 * read spares them the migration lock's extra connection and drizzle's own checks. A database that is not
 * migrated yet (no table, no schema) says no.
 */
async function migrationsApplied(client: SqlClient): Promise<boolean> {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const newest = Math.max(...journal.entries.map((entry) => entry.when));
  try {
    const [row] = await client<{ newest: string | null }[]>`
      select max(created_at)::text as newest from drizzle.__drizzle_migrations`;
    return row?.newest != null && Number(row.newest) >= newest;
  } catch (error) {
    if (error instanceof postgres.PostgresError && UNMIGRATED.has(error.code)) return false;
    throw error;
  }
}

/** undefined_table, invalid_schema_name: drizzle has never migrated this database. */
const UNMIGRATED = new Set(['42P01', '3F000']);

/** Applies pending migrations, one process at a time when several start against one server at once. */
async function migrateUnderLock(db: Database, url: string): Promise<void> {
  // The lock lives on its own connection so that migrations never wait for the one holding it.
  const lockClient = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await lockClient.end({ timeout: 1 });
  }
}

export interface ConfiguredDatabase {
  /** A server's URL; unset starts the embedded server in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  maxConnections?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** The embedded server, when the caller has started it already; it is stopped on close as if started here. */
  embedded?: EmbeddedPostgres;
}

/** The database the configuration names: the given server, or the embedded one, started here and stopped on close. */
export async function openConfiguredDatabase(config: ConfiguredDatabase): Promise<DatabaseHandle> {
  const { databaseUrl, maxConnections } = config;
  if (databaseUrl) return openDatabase({ url: databaseUrl, maxConnections });
  const embedded =
    config.embedded ?? (await startEmbeddedPostgres({ dataDir: config.dataDir, log: config.log }));
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
