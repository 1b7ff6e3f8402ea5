import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { ContentCatalog } from './content/catalog.js';
import type { Database } from './db/client.js';

/** What every handler and job receives from the composition root. No globals, no container. */
export interface Deps {
  db: Database;
  log: Logger;
  /** The clock; tests move it instead of waiting. */
  clock: () => Date;
  catalog: ContentCatalog;
  config: Config;
  /** Names this process in claims, so a log shows which replica answered. */
  instanceId: string;
}
