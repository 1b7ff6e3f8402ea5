// Moves the data of the PGlite database that earlier versions kept in DATA_DIR/pglite into PostgreSQL, so that a
// group that already studies keeps its history. PGlite is loaded only here, only when this runs.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import { MIGRATIONS_FOLDER } from './client.js';

export interface ImportReport {
  tables: { table: string; rows: number }[];
}

export class PgliteImportError extends Error {
  override readonly name = 'PgliteImportError';
}

/**
 * Copies every table of the PGlite database in `pgliteDir` into `target`, which must hold the same (migrated) schema
 * and no data yet. The PGlite copy is brought up to the current migrations first; triggers stay off while copying
 * (the leaderboard rollups are copied as they are, not counted twice), and identity sequences continue after the
 * highest copied id. One transaction: a failed import leaves the target as it was.
 */
export async function importPglite(pgliteDir: string, target: postgres.Sql): Promise<ImportReport> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const source = new PGlite(pgliteDir);
  try {
    await migrate(drizzle({ client: source }), { migrationsFolder: MIGRATIONS_FOLDER });
    const { rows: tables } = await source.query<{ table: string }>(
      `select tablename as "table" from pg_tables where schemaname = 'public' order by tablename`,
    );
    const report: ImportReport = { tables: [] };
    await target.begin(async (tx) => {
      const [filled] = await tx<{ filled: boolean }[]>`select exists (select 1 from users) as filled`;
      if (filled?.filled)
        throw new PgliteImportError('the target database already has members: nothing was copied');
      await tx`set local session_replication_role = replica`;
      // Decks a started bot already synced are replaced by the copied ones, with their history.
      await tx.unsafe(`truncate ${tables.map(({ table }) => `"${table}"`).join(', ')}`);
      for (const { table } of tables) {
        const { rows: columns } = await source.query<{ name: string }>(
          `select column_name as name from information_schema.columns
           where table_schema = 'public' and table_name = $1 order by ordinal_position`,
          [table],
        );
        const list = columns.map((column) => `"${column.name}"`).join(', ');
        const exported = await source.query(`copy "${table}" (${list}) to '/dev/blob'`);
        const data = exported.blob ? Buffer.from(await exported.blob.arrayBuffer()) : Buffer.alloc(0);
        await pipeline(
          Readable.from([data]),
          await tx.unsafe(`copy "${table}" (${list}) from stdin`).writable(),
        );
        const [counted] = await tx.unsafe<{ rows: number }[]>(`select count(*)::int as rows from "${table}"`);
        report.tables.push({ table, rows: counted?.rows ?? 0 });
      }
      // Identity columns continue after the copied ids.
      const identities = await tx<{ table: string; column: string }[]>`
        select table_name as "table", column_name as "column" from information_schema.columns
        where table_schema = 'public' and is_identity = 'YES'`;
      for (const { table, column } of identities) {
        await tx.unsafe(
          `select setval(pg_get_serial_sequence('"${table}"', '${column}'),
                         coalesce((select max("${column}") from "${table}"), 0) + 1, false)`,
        );
      }
    });
    return report;
  } finally {
    await source.close();
  }
}
