// `npm run db:migrate-from-pglite`: copies the PGlite database of earlier versions (DATA_DIR/pglite) into the
// configured database (the embedded PostgreSQL in DATA_DIR, or DATABASE_URL). The PGlite folder is left as it was.
import 'dotenv/config';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, parseConfig } from '../config/config.js';
import { openConfiguredDatabase } from './client.js';
import { importPglite } from './pglite-import.js';

try {
  const config = parseConfig(process.env);
  const pgliteDir = path.resolve(config.dataDir, 'pglite');
  if (!existsSync(path.join(pgliteDir, 'PG_VERSION'))) {
    throw new Error(`No PGlite database in ${pgliteDir}: nothing to move.`);
  }
  const handle = await openConfiguredDatabase({ ...config, maxConnections: 1 });
  try {
    const report = await importPglite(pgliteDir, handle.sql);
    for (const { table, rows } of report.tables) console.log(`${table}: ${rows} rows`);
    console.log(
      `Copied ${pgliteDir} into ${handle.embedded ? `the embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'}. The PGlite folder is unchanged; remove it once the bot runs well.`,
    );
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : String(error));
  process.exitCode = 1;
}
