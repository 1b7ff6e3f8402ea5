// The process entry point: configuration, start-up failures as readable lines, and signals.
import 'dotenv/config';
import { ConfigError, parseConfig } from './config/config.js';
import { createLogger, redactSecrets } from './logger.js';
import { startAhead } from './start-ahead.js';
import { describeStartupFailure } from './startup-failure.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

function fail(lines: string[]): never {
  // These lines bypass the logger: a driver's message can carry a URL with its password.
  for (const line of lines) console.error(redactSecrets(line));
  process.exit(1);
}

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError)
    fail(error.message.split('\n').map((line) => `Configuration error: ${line}`));
  throw error;
}
// discord.js also reads SHARD_COUNT and SHARDS from the environment (its ShardingManager's protocol) and turns
// an empty SHARD_COUNT, as in .env.example, into 0 shards. The config has parsed them; the client gets them
// from there.
delete process.env.SHARD_COUNT;
delete process.env.SHARDS;

if (!config.discordToken) {
  fail([
    'DISCORD_TOKEN is not set: create an application at https://discord.com/developers/applications, copy its bot token into .env (see .env.example).',
    'To try boksup without Discord, run `npm run sandbox`: the bot against a local fake Discord, driven from your terminal.',
  ]);
}

const log = createLogger(config.logLevel);
// The decks and the embedded server begin now, and the bot (discord.js and the rest, most of a start) loads while
// they run: the modules below are imported here rather than at the top for that.
const ahead = startAhead(config, {
  decksInWorker: true,
  startServer: true,
  log: (message, fields) => log.info({ ...fields, sinceStartMs: Math.round(performance.now()) }, message),
});
await ahead.spawned;
const app = import('./app.js');
const starting = app.then(({ startBot }) =>
  startBot({
    config,
    log,
    ahead,
    onGatewayLost(code) {
      // Loaded already by the bot.
      void import('./discord/gateway-watch.js').then(({ describeGatewayClose }) => {
        console.error(`Gateway closed for good (${code}): ${describeGatewayClose(code)}.`);
        void shutdown(`gateway close ${code}`, 1);
      });
    },
  }),
);

let shuttingDown = false;
/** Stops the bot and exits with `exitCode`: 0 on a signal, 1 when the gateway is lost for good. */
async function shutdown(reason: string, exitCode = 0): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info({ reason }, 'shutting down');
  const deadline = setTimeout(() => {
    log.error('shutdown took too long; exiting');
    log.flush();
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  // A lost gateway can come before start-up finishes (the token rejected at login): the deadline must still fire.
  if (exitCode === 0) deadline.unref();
  // A signal during start-up stops the bot once it has started; a start that fails exits on its own below.
  const bot = await starting.catch(() => undefined);
  if (!bot) {
    if (exitCode !== 0) process.exit(exitCode);
    return;
  }
  await bot.stop();
  process.exit(exitCode);
}
// Installed before start-up finishes: as PID 1 in a container, a signal without a handler is ignored, and a
// task stopped while starting would wait for SIGKILL.
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

try {
  await starting;
} catch (error) {
  const loaded = await app.catch(() => undefined);
  // The bot's modules did not load, so startBot never ran to stop a server started ahead: stop it here.
  if (!loaded) await ahead.embedded.then((server) => server?.stop()).catch(() => undefined);
  if (loaded && error instanceof loaded.ContentError) {
    const { formatProblem } = await import('./content/load.js');
    fail(error.problems.map((problem) => formatProblem(problem)));
  }
  log.fatal({ err: error }, 'start-up failed');
  log.flush();
  fail([`Start-up failed: ${describeStartupFailure(error)}`]);
}
