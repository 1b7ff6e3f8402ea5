// `npm run sandbox`: boksup against the fake Discord on loopback, driven from a terminal. Type slash commands
// as in Discord (`/study deck:docker`, `/settings daily_new:5`), press buttons by number, answer modals on the
// prompt. A way to try the bot, and to proof-read decks, without a Discord application.
//
//   npm run sandbox                     progress kept in data/sandbox (delete it to start over)
//   npm run sandbox -- --temp           a throwaway database
//   npm run sandbox -- --lang en        start as an English-speaking member (`/lang ko` switches back)
//   npm run sandbox -- --content DIR    other decks (a broken deck is reported line by line)
//
// Not test support: a tool of its own beside the bot, as bench/ is. It drives the bot through the same local
// fake Discord the end-to-end tests use.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pino from 'pino';
import { ContentError, type RunningBot, startBot } from '../src/app.js';
import { parseConfig } from '../src/config/config.js';
import { formatProblem } from '../src/content/load.js';
import { findOrCreateUser } from '../src/db/repositories/users.js';
import type { Locale } from '../src/i18n/messages.js';
import { createLogger } from '../src/logger.js';
import { GUILD_ID } from '../test/support/bot-harness.js';
import {
  ADMIN_PERMISSIONS,
  type FakeMessage,
  type FakeUser,
  type InteractionOutcome,
  type Json,
  startFakeDiscord,
} from '../test/support/fake-discord/index.js';
import { readAttachments } from './attachments.js';
import { type CommandJson, describeCommands, parseArgs, parseInput } from './parse.js';
import { type ButtonEntry, formatTimestamp, type RenderOptions, renderMessage, stylesFor } from './render.js';
import { UI } from './strings.js';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const SANDBOX_USER_ID = '100000000000000042';

/** Reads lines whether stdin is a terminal or a pipe (a scripted session). */
function lineReader(rl: Interface) {
  const queue: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let closed = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queue.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const next of waiting.splice(0)) next(null);
  });
  return {
    read(prompt: string): Promise<string | null> {
      rl.setPrompt(prompt);
      if (process.stdin.isTTY) rl.prompt();
      else process.stdout.write(prompt);
      const queued = queue.shift();
      if (queued !== undefined) {
        if (!process.stdin.isTTY) process.stdout.write(`${queued}\n`);
        return Promise.resolve(queued);
      }
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => {
        waiting.push((line) => {
          if (line !== null && !process.stdin.isTTY) process.stdout.write(`${line}\n`);
          resolve(line);
        });
      });
    },
    get waitingForInput() {
      return waiting.length > 0;
    },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = fileURLToPath(new URL('../', import.meta.url));
  // Paths inside the project are shown relative to it; others (a temp dir) in full.
  const show = (p: string) => {
    const relative = path.relative(process.cwd(), p);
    return relative === '' ? '.' : relative.startsWith('..') ? p : relative;
  };
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  let locale: Locale = args.locale;
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  const user: FakeUser = {
    id: SANDBOX_USER_ID,
    username: 'sandbox',
    locale: locale === 'ko' ? 'ko' : 'en-US',
  };

  const dataDir = args.temp
    ? await mkdtemp(path.join(tmpdir(), 'boksup-sandbox-'))
    : path.resolve(args.data ?? path.join(root, 'data', 'sandbox'));
  await mkdir(dataDir, { recursive: true });
  // Attachments (the /stats card) are kept after the sandbox closes, so they can still be opened.
  let attachmentsDir: string | undefined;
  const logFile = path.join(dataDir, 'sandbox.log');
  const contentDir = path.resolve(args.content ?? path.join(root, 'content'));

  console.log('복습 (boksup) sandbox: starting a fake Discord and the bot…');
  const fake = await startFakeDiscord({
    guilds: [{ id: GUILD_ID, name: '복습 샌드박스' }],
    botUsername: 'boksup',
  });
  const channelId = fake.guildChannelId(GUILD_ID);
  const config = parseConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    GUILD_ID,
    CONTENT_DIR: contentDir,
    DATA_DIR: dataDir,
    HEALTH_PORT: '0',
    LOG_LEVEL: 'info',
    DEFAULT_TIMEZONE: 'Asia/Seoul',
  });
  const log = createLogger('info', pino.destination({ dest: logFile, mkdir: true, sync: false }));
  let bot: RunningBot;
  try {
    bot = await startBot({ config, log, clock, scheduleJobs: true });
  } catch (error) {
    await fake.close();
    if (error instanceof ContentError) {
      console.error(`${show(contentDir)}: ${error.problems.length} problem(s)`);
      for (const problem of error.problems) console.error(`  ${formatProblem(problem)}`);
    } else console.error(`The bot did not start: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`Log: ${show(logFile)}`);
    process.exit(1);
  }
  const commands = () =>
    [
      ...fake.registeredCommands(),
      ...fake.registeredCommands({ guildId: GUILD_ID }),
    ] as unknown as CommandJson[];

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const lines = lineReader(rl);
  const s = stylesFor(color);
  const print = (text = '') => console.log(text);
  // Times are shown in the member's zone, as Discord shows them in the reader's: their /settings zone, else
  // the default (read again after each command, since /settings may change it).
  let timeZone = config.defaultTimezone;
  const userNames = new Map([
    [user.id, user.username],
    [fake.botUserId, 'boksup'],
  ]);
  const renderOptions = (): RenderOptions => ({ now: clock(), locale, color, timeZone, userNames });

  let current: FakeMessage | undefined;
  let buttons: ButtonEntry[] = [];
  /** Messages shown, with the edit they were shown at: an edit by the bot (a quiz reveal) is shown again. */
  const printed = new Map<string, string>();
  const versionOf = (message: FakeMessage) => message.edited_timestamp ?? '';

  const header = (label: string) => print(s.dim(`── ${label} ${'─'.repeat(24)}`));
  async function showMessage(message: FakeMessage, label: string): Promise<void> {
    printed.set(message.id, versionOf(message));
    const ephemeral = (message.flags & EPHEMERAL) !== 0;
    header(ephemeral ? `${label} · ${UI[locale].ephemeral}` : label);
    const rendered = renderMessage(message, renderOptions());
    if (rendered.text) print(rendered.text);
    for (const attachment of message.attachments) {
      const bytes = fake.attachmentBytes(attachment.url);
      if (!bytes) continue;
      attachmentsDir ??= await mkdtemp(path.join(tmpdir(), 'boksup-attachments-'));
      const file = path.join(attachmentsDir, `${attachment.id}-${path.basename(attachment.filename)}`);
      await writeFile(file, bytes);
      print(UI[locale].attachment(attachment.filename, file));
    }
    // A reply without buttons (a refusal, a notice) leaves the screen being worked on as it was.
    if (rendered.buttons.length > 0 || message.id === current?.id) {
      current = message;
      buttons = rendered.buttons;
    }
  }

  async function interact(send: () => Promise<InteractionOutcome>): Promise<void> {
    let outcome: InteractionOutcome;
    try {
      outcome = await send();
    } catch (error) {
      print(UI[locale].failed(error instanceof Error ? error.message : String(error)));
      return;
    }
    const { type, data } = outcome.callback;
    if (type === 9 && data) {
      await answerModal(data);
      return;
    }
    if (type === 5 || type === 6) {
      print(s.dim(UI[locale].loading));
      const settled = await waitUntil(() => {
        const message =
          type === 5 ? fake.originalMessage(outcome.interactionId) : fake.message(current?.id ?? '');
        return message && (message.flags & LOADING) === 0 && (type === 5 || message.edited_timestamp)
          ? message
          : undefined;
      }, 15_000);
      if (settled) await showMessage(settled, 'boksup');
    } else if (outcome.message) {
      await showMessage(outcome.message, type === 7 ? UI[locale].updated : 'boksup');
    }
    // Follow-ups (a notice after the answer) arrive just after the reply.
    await sleep(150);
    for (const followUp of fake.followUps(outcome.interactionId))
      if (!printed.has(followUp.id)) await showMessage(followUp, 'boksup');
  }

  async function answerModal(modal: Json): Promise<void> {
    const ui = UI[locale];
    print(s.bold(ui.modal(String(modal.title ?? ''))));
    const fields: Record<string, string> = {};
    const inputs = ((modal.components as Json[] | undefined) ?? []).flatMap((row) =>
      row.type === 18 ? [row.component as Json] : ((row.components as Json[] | undefined) ?? []),
    );
    for (const input of inputs) {
      if (input.type !== 4) continue;
      const label = String(input.label ?? input.custom_id);
      const max = typeof input.max_length === 'number' ? input.max_length : 4000;
      if (typeof input.placeholder === 'string' && input.placeholder) print(s.dim(`  ${input.placeholder}`));
      for (;;) {
        const typed = await lines.read(`  ${label} › `);
        if (typed === null || typed.trim() === '') {
          print(ui.modalClosed);
          return;
        }
        if (typed.length <= max) {
          fields[String(input.custom_id)] = typed;
          break;
        }
        print(ui.failed(ui.maxLength(max)));
      }
    }
    await interact(() => fake.submitModal({ user, customId: String(modal.custom_id), fields }));
  }

  async function press(entry: ButtonEntry): Promise<void> {
    const ui = UI[locale];
    if (!current) return print(ui.noButtons);
    if (entry.disabled) return print(ui.disabled);
    const message = current;
    if (entry.select) {
      print(ui.pick(entry.label));
      for (const [index, option] of entry.select.options.entries()) print(`  ${index + 1}) ${option.label}`);
      const typed = (await lines.read('  › ')) ?? '';
      const values = typed
        .split(',')
        .map((part) => entry.select?.options[Number(part.trim()) - 1]?.value)
        .filter((value): value is string => value !== undefined);
      if (values.length === 0) return;
      return interact(() =>
        fake.selectMenu({
          user,
          message,
          customId: entry.customId,
          values,
          memberPermissions: ADMIN_PERMISSIONS,
        }),
      );
    }
    return interact(() =>
      fake.clickButton({ user, message, customId: entry.customId, memberPermissions: ADMIN_PERMISSIONS }),
    );
  }

  // Messages the bot posts on its own (reminders by DM, weekly posts in the channel) are shown as they come.
  const watched = () => [...fake.dmMessages(user.id), ...fake.channelMessages(channelId)];
  for (const message of watched()) printed.set(message.id, versionOf(message));
  let busy = false;
  const watcher = setInterval(() => {
    if (busy || !lines.waitingForInput) return;
    const fresh = watched().filter((m) => printed.get(m.id) !== versionOf(m) && !m.interaction_metadata);
    if (fresh.length === 0) return;
    busy = true;
    void (async () => {
      process.stdout.write('\n');
      for (const message of fresh)
        await showMessage(message, message.channel_id === channelId ? '#general' : UI[locale].dm);
      rl.prompt(true);
      busy = false;
    })();
  }, 1000);

  // Every way out (quit, Ctrl-C, Ctrl-D, SIGTERM) waits for the same clean shutdown.
  let quitting: Promise<never> | undefined;
  function quit(): Promise<never> {
    quitting ??= (async () => {
      clearInterval(watcher);
      await bot.stop();
      await fake.close();
      rl.close();
      if (args.temp) await rm(dataDir, { recursive: true, force: true });
      print(UI[locale].bye);
      process.exit(0);
    })();
    return quitting;
  }
  process.on('SIGTERM', () => void quit());
  // Ctrl-C reaches readline as a key in raw mode, or the process as a signal (npm's process group).
  process.on('SIGINT', () => void quit());
  rl.on('SIGINT', () => {
    process.stdout.write('\n');
    void quit();
  });

  const decks = bot.deps.catalog.decks;
  print(
    `${s.bold('ready')} · ${locale === 'ko' ? '가짜 Discord' : 'fake Discord'} ${fake.apiUrl.replace(/\/api$/, '')} · ${decks.length} decks (${decks.reduce((n, d) => n + d.items.length, 0)} items) · ${show(contentDir)}`,
  );
  print(s.dim(`data ${show(dataDir)}${args.temp ? ' (temp)' : ''} · log ${show(logFile)}`));
  print(
    s.dim(
      locale === 'ko'
        ? '? 도움말 · /study 로 시작 · /lang en 영어로 · quit 종료'
        : '? help · /study to begin · /lang ko for Korean · quit to leave',
    ),
  );

  for (;;) {
    const line = await lines.read(UI[locale].prompt);
    if (line === null) await quit();
    const input = parseInput(line ?? '', commands(), locale, channelId);
    busy = true;
    switch (input.kind) {
      case 'quit':
        await quit();
        break;
      case 'help':
        print(describeCommands(commands(), locale));
        break;
      case 'empty':
        if (current) await showMessage(fake.message(current.id) ?? current, 'boksup');
        else print(UI[locale].noButtons);
        break;
      case 'error':
        print(UI[locale].failed(input.message));
        break;
      case 'lang':
        locale = input.locale;
        user.locale = locale === 'ko' ? 'ko' : 'en-US';
        print(UI[locale].locale(locale));
        break;
      case 'time':
        offsetMs = input.offsetMs === null ? 0 : offsetMs + input.offsetMs;
        print(UI[locale].time(formatTimestamp(Math.floor(clock().getTime() / 1000), 'F', renderOptions())));
        break;
      case 'press': {
        const entry = buttons[input.number - 1];
        if (buttons.length === 0) print(UI[locale].noButtons);
        else if (!entry) print(UI[locale].noSuchButton(input.number, buttons.length));
        else await press(entry);
        break;
      }
      case 'label': {
        const wanted = input.label.toLowerCase();
        const entry =
          buttons.find((b) => b.label.toLowerCase() === wanted) ??
          buttons.find((b) => b.label.toLowerCase().startsWith(wanted));
        if (entry) await press(entry);
        else print(UI[locale].failed(buttons.length === 0 ? UI[locale].noButtons : `? ${input.label}`));
        break;
      }
      case 'command': {
        const channel = input.usesChannel
          ? {
              channels: {
                [channelId]: { id: channelId, type: 0, name: 'general', permissions: ADMIN_PERMISSIONS },
              },
            }
          : undefined;
        const attachments = await readAttachments(input.files).catch((error: unknown) => {
          print(UI[locale].failed(String(error)));
          return null;
        });
        if (attachments === null) break;
        await interact(() =>
          fake.sendCommand({
            user,
            guildId: GUILD_ID,
            name: input.name,
            options: input.options,
            memberPermissions: ADMIN_PERMISSIONS,
            ...(channel ? { resolved: channel } : {}),
            ...(attachments ? { attachments } : {}),
          }),
        );
        timeZone = (await findOrCreateUser(bot.deps.db, user.id)).timezone ?? config.defaultTimezone;
        break;
      }
    }
    busy = false;
  }
}

async function waitUntil<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > until) return value;
    await sleep(50);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
