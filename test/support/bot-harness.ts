import pino, { type Logger } from 'pino';
import { type RunningBot, startBot } from '../../src/app.js';
import { type Config, parseConfig } from '../../src/config/config.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { FIXTURE_CONTENT_DIR } from './content.js';
import { createTestDatabase, type DriverName, type TestDatabase } from './database.js';
import { type FakeDiscord, type FakeMessage, startFakeDiscord } from './fake-discord/index.js';

export const GUILD_ID = '900000000000000001';

/** A clock tests move by hand. */
export function movableClock(start: Date) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (instant: Date) => {
      now = instant.getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export function testConfig(fake: FakeDiscord, overrides: Record<string, string> = {}): Config {
  return parseConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    GUILD_ID,
    CONTENT_DIR: FIXTURE_CONTENT_DIR,
    HEALTH_PORT: '0',
    LOG_LEVEL: 'silent',
    DEFAULT_TIMEZONE: 'Asia/Seoul',
    ...overrides,
  });
}

export async function startTestBot(
  fake: FakeDiscord,
  database: DatabaseHandle,
  options: {
    clock?: () => Date;
    configOverrides?: Record<string, string>;
    healthPort?: number;
    /** Defaults to a silent logger (TEST_LOG_LEVEL to see it). */
    log?: Logger;
    onGatewayLost?: (code: number) => void;
  } = {},
): Promise<RunningBot> {
  return startBot({
    config: testConfig(fake, options.configOverrides),
    database,
    log: options.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    scheduleJobs: false,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.healthPort === undefined ? {} : { healthPort: options.healthPort }),
    ...(options.onGatewayLost ? { onGatewayLost: options.onGatewayLost } : {}),
  });
}

export { startFakeDiscord };

/** Every custom_id on a message's buttons, in order. */
export function customIds(message: FakeMessage | undefined): string[] {
  const ids: string[] = [];
  const walk = (components: FakeMessage['components']) => {
    for (const component of components) {
      if (component.custom_id) ids.push(component.custom_id);
      if (component.components) walk(component.components);
    }
  };
  if (message) walk(message.components);
  return ids;
}

/** The custom_id of the button whose label starts with `label` (or whose id matches a pattern). */
export function buttonId(message: FakeMessage | undefined, match: string | RegExp): string {
  const found: string[] = [];
  const walk = (components: FakeMessage['components']): string | undefined => {
    for (const component of components) {
      if (component.custom_id && !component.disabled) {
        found.push(`${component.label} (${component.custom_id})`);
        if (typeof match === 'string' ? component.label?.startsWith(match) : match.test(component.custom_id))
          return component.custom_id;
      }
      const inner = component.components ? walk(component.components) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };
  const id = message ? walk(message.components) : undefined;
  if (!id) throw new Error(`no button ${String(match)} among ${found.join(', ')}`);
  return id;
}

export function embedOf(message: FakeMessage | undefined): Record<string, unknown> & {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
} {
  return (message?.embeds[0] ?? {}) as never;
}

export interface BotSuite {
  fake: FakeDiscord;
  database: TestDatabase;
  bot: RunningBot;
  /** Stops the bot, drops the database and closes the fake, in that order. */
  stop(): Promise<void>;
}

/** What most end-to-end suites stand on: the fake Discord with the study server, a fresh database, the bot. */
export async function startBotSuite(
  driver: DriverName,
  options: { clock?: () => Date } = {},
): Promise<BotSuite> {
  const fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID, name: 'study group' }] });
  let database: TestDatabase | undefined;
  try {
    database = await createTestDatabase(driver);
    const opened = database;
    const bot = await startTestBot(fake, opened, options);
    return {
      fake,
      database: opened,
      bot,
      async stop() {
        await bot.stop();
        await opened.destroy();
        await fake.close();
      },
    };
  } catch (error) {
    await database?.destroy();
    await fake.close();
    throw error;
  }
}

/** `**B.** text` → 'B': the letter a question shows for the option starting with `text`. */
export function letterOf(message: FakeMessage | undefined, text: string): string {
  const description = embedOf(message).description ?? '';
  const line = description.split('\n').find((l) => l.replace(/^\*\*[A-E]\.\*\* /, '').startsWith(text));
  const letter = line && /^\*\*([A-E])\.\*\*/.exec(line)?.[1];
  if (!letter) throw new Error(`no option "${text}" in ${description}`);
  return letter;
}
