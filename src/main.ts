// The process entry point: configuration, start-up failures as readable lines, and signals.
import 'dotenv/config';
import { ContentError, startBot } from './app.js';
import { ConfigError, parseConfig } from './config/config.js';
import { formatProblem } from './content/load.js';
import { createLogger, redactSecrets } from './logger.js';

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
const starting = startBot({ config, log });

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info({ signal }, 'shutting down');
  const deadline = setTimeout(() => {
    log.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  // A signal during start-up stops the bot once it has started; a start that fails exits on its own below.
  const bot = await starting.catch(() => undefined);
  if (!bot) return;
  await bot.stop();
  process.exit(0);
}
// Installed before start-up finishes: as PID 1 in a container, a signal without a handler is ignored, and a
// task stopped while starting would wait for SIGKILL.
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

try {
  await starting;
} catch (error) {
  if (error instanceof ContentError) fail(error.problems.map((problem) => formatProblem(problem)));
  log.fatal({ err: error }, 'start-up failed');
  log.flush();
  fail([`Start-up failed: ${error instanceof Error ? error.message : String(error)}`]);
}
