import { randomBytes, randomInt } from 'node:crypto';
import { Events, Routes, Status } from 'discord.js';
import type { ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { buildCatalog } from './content/catalog.js';
import { type ContentProblem, loadContent } from './content/load.js';
import { type DatabaseHandle, openConfiguredDatabase } from './db/client.js';
import { syncContent } from './db/repositories/content-sync.js';
import type { Deps } from './deps.js';
import { createDiscordClient } from './discord/client.js';
import { commands } from './discord/commands/index.js';
import { routeComponent } from './discord/components/index.js';
import { describeGatewayClose, watchGateway } from './discord/gateway-watch.js';
import { createDiscordPorts } from './discord/ports.js';
import { registerCommands } from './discord/register-commands.js';
import { createInteractionRouter } from './discord/router.js';
import { startHealthServer } from './health.js';
import { startScheduledJobs } from './jobs/index.js';
import { createLogger } from './logger.js';
import { type ReminderTickReport, runReminderTick } from './services/reminder-tick.js';

export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(readonly problems: ContentProblem[]) {
    super(`${problems.length} problem(s) in the decks`);
  }
}

export interface BotOptions {
  config: Config;
  /** Defaults to the wall clock; tests pass a movable one. */
  clock?: () => Date;
  log?: Logger;
  /** An already open database (tests share one between two bots); otherwise opened from the config. */
  database?: DatabaseHandle;
  /** Overrides HEALTH_PORT; 0 picks a free port (tests). */
  healthPort?: number;
  /** Run the scheduled jobs (reminders, weekly posts). Tests drive them by hand. */
  scheduleJobs?: boolean;
  /**
   * Called when Discord closes the gateway with a code that forbids resuming (4004: token rejected, …): the bot is
   * offline for good. The entry point exits non-zero so the deployment restarts it or shows the failure.
   */
  onGatewayLost?: (code: number) => void;
}

export interface RunningBot {
  deps: Deps;
  healthPort: number | undefined;
  ready(): Promise<boolean>;
  /** Runs one reminder tick at `now` with the bot's client (the cron job does this every minute). */
  runReminderTick(now: Date): Promise<ReminderTickReport>;
  /** Stops taking interactions, lets those in flight finish, then closes everything. */
  stop(): Promise<void>;
}

/** The composition root: builds the one `deps` object and wires Discord, the database, the jobs and health. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config } = options;
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? (() => new Date());
  const token = config.discordToken;
  if (!token) throw new Error('DISCORD_TOKEN is required to start the bot');

  // Each phase of start-up is logged with the time since the process started.
  const sinceStart = () => Math.round(performance.now());
  log.debug({ sinceStartMs: sinceStart() }, 'starting');

  // Decks are checked before the database is touched: a broken deck changes nothing.
  const loaded = await loadContent(config.contentDir);
  if (!loaded.ok) throw new ContentError(loaded.problems);
  log.debug({ sinceStartMs: sinceStart() }, 'decks loaded');

  // The token is checked before the database is opened: a rejected token changes nothing.
  const client = createDiscordClient(config);
  client.rest.setToken(token);
  await client.rest.get(Routes.gatewayBot());
  log.debug({ sinceStartMs: sinceStart() }, 'token accepted');

  const database =
    options.database ??
    (await openConfiguredDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      log: (message, fields) => log.info(fields ?? {}, message),
    }));
  const ownsDatabase = options.database === undefined;
  const embedded = database.embedded !== undefined;
  log.debug({ sinceStartMs: sinceStart(), embedded }, 'database open and migrated');
  const report = await syncContent(database.db, loaded.content, clock());
  log.info({ ...report, embedded, sinceStartMs: sinceStart() }, 'decks synced');

  const deps: Deps = {
    db: database.db,
    sql: database.sql,
    log,
    clock,
    seed: () => randomInt(1, 2 ** 31),
    catalog: buildCatalog(loaded.content),
    config,
    instanceId: `${process.pid}-${randomBytes(3).toString('hex')}`,
    ports: createDiscordPorts(client),
  };

  const router = createInteractionRouter(deps, commands, routeComponent);
  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  const gateway = watchGateway(client, {
    clock,
    graceMs: config.gatewayDownGraceSeconds * 1000,
    onLost(code, shardId) {
      log.fatal({ shardId, code }, `gateway closed for good (${code}): ${describeGatewayClose(code)}`);
      options.onGatewayLost?.(code);
    },
  });

  const readyOnce = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await readyOnce;
  log.debug({ sinceStartMs: sinceStart() }, 'gateway ready');
  const applicationId = client.application?.id;
  if (!applicationId) throw new Error('Discord did not say which application this bot is');
  const registration = await registerCommands(deps, client.rest, {
    applicationId,
    guildId: config.guildId,
    commands,
  });
  log.info(
    { registration, scope: config.guildId ? 'guild' : 'global', sinceStartMs: sinceStart() },
    'commands ready',
  );

  // client.ws.status stays Ready once the client has been ready; each shard's status follows its connection.
  const ready = async () =>
    client.ws.status === Status.Ready &&
    client.ws.shards.every((shard) => shard.status === Status.Ready) &&
    (await database.ping());
  const healthPort = options.healthPort ?? (config.healthPort > 0 ? config.healthPort : undefined);
  const health =
    healthPort === undefined
      ? undefined
      : await startHealthServer(healthPort, { ready, alive: gateway.alive });

  const tasks: ScheduledTask[] = [];
  if (options.scheduleJobs ?? true) tasks.push(...startScheduledJobs(deps));
  log.info(
    { healthPort: health?.port, instanceId: deps.instanceId, sinceStartMs: sinceStart() },
    'boksup is ready',
  );

  let stopping: Promise<void> | undefined;
  return {
    deps,
    healthPort: health?.port,
    ready,
    runReminderTick: (now) => runReminderTick(deps, deps.ports.reminders, now),
    stop() {
      stopping ??= (async () => {
        await router.drain();
        for (const task of tasks) await task.stop();
        await client.destroy();
        await health?.close();
        if (ownsDatabase) await database.close();
        log.info('boksup stopped');
        log.flush?.();
      })();
      return stopping;
    },
  };
}
