import type { Config } from './config/config.js';
import type { LoadResult } from './content/load.js';
import { loadContentAhead } from './content/load-ahead.js';
import { type EmbeddedPostgres, hasEmbeddedData, startEmbeddedPostgres } from './db/embedded/server.js';

/**
 * The start-up steps that need nothing but the configuration and write nothing: reading the decks, and starting
 * the embedded server on data it already has (a new data folder is created only once the decks and the token have
 * passed). The entry point begins them before it loads the rest of the bot, so they run while discord.js and the
 * other modules load, most of a start; `startBot` waits for them and reports their failures in the order of the
 * steps. The modules imported here are small on purpose.
 */
export interface StartedAhead {
  decks: Promise<LoadResult>;
  /** The embedded server when its data was already there, else undefined: started after the checks, if at all. */
  embedded: Promise<EmbeddedPostgres | undefined>;
  /**
   * Resolves once the server process is spawned, or once there is none to wait for. The entry point waits for it
   * (a few milliseconds of file checks) before loading the bot: the steps up to the spawn need the event loop,
   * which loading discord.js holds for most of a second, and PostgreSQL then starts alongside the loading.
   */
  spawned: Promise<void>;
}

export interface StartAheadOptions {
  /** Read the decks in a worker thread (the entry point); tests and the sandbox read them in-thread. */
  decksInWorker: boolean;
  /** false when the caller brings its own database. */
  startServer: boolean;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

export function startAhead(config: Config, options: StartAheadOptions): StartedAhead {
  const decks = options.decksInWorker
    ? loadContentAhead(config.contentDir)
    : import('./content/load.js').then(({ loadContent }) => loadContent(config.contentDir));
  let onSpawn = () => {};
  const spawned = new Promise<void>((resolve) => {
    onSpawn = resolve;
  });
  const embedded =
    options.startServer && !config.databaseUrl
      ? hasEmbeddedData(config.dataDir).then((exists) =>
          exists ? startEmbeddedPostgres({ dataDir: config.dataDir, log: options.log, onSpawn }) : undefined,
        )
      : Promise.resolve(undefined);
  void embedded.finally(onSpawn).catch(() => undefined);
  // A step that fails after an earlier one has failed is not reported (the earlier failure is): not unhandled.
  decks.catch(() => undefined);
  embedded.catch(() => undefined);
  return { decks, embedded, spawned };
}
