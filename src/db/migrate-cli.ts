// Applies the committed migrations to the configured database and exits. The bot does the same at start-up.
import 'dotenv/config';
import { ConfigError, parseConfig } from '../config/config.js';
import { openConfiguredDatabase } from './client.js';

try {
  const config = parseConfig(process.env);
  const handle = await openConfiguredDatabase({ ...config, maxConnections: 1 });
  await handle.close();
  console.log(
    `Migrations applied (${handle.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'server'}).`,
  );
} catch (error) {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exitCode = 1;
}
