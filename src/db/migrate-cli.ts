// Applies the committed migrations to the configured database and exits. The bot does the same at start-up.
import 'dotenv/config';
import { ConfigError, parseConfig } from '../config/config.js';
import { openDatabase } from './client.js';

try {
  const config = parseConfig(process.env);
  const handle = await openDatabase(
    config.databaseUrl
      ? { driver: 'postgres', url: config.databaseUrl, maxConnections: 1 }
      : { driver: 'pglite', dataDir: `${config.dataDir}/pglite` },
  );
  await handle.close();
  console.log(`Migrations applied (${handle.driver}).`);
} catch (error) {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exitCode = 1;
}
