import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { ContentCatalog } from './content/catalog.js';
import type { Database, SqlClient } from './db/client.js';
import type { Ports } from './services/ports.js';

/** What every handler, service and job receives from the composition root. No globals, no container. */
export interface Deps {
  db: Database;
  /** The same connections as `db`, for the statements the hot path writes in SQL (db/repositories/answers.ts). */
  sql: SqlClient;
  log: Logger;
  /** The clock; tests move it instead of waiting. */
  clock: () => Date;
  /** A fresh random seed (option shuffles, quiz plans): the domain takes randomness as a value, like the time. */
  seed: () => number;
  catalog: ContentCatalog;
  config: Config;
  /** Names this process in claims, so a log shows which replica answered. */
  instanceId: string;
  ports: Ports;
}
