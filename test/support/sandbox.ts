// `npm run sandbox`: boksup against the fake Discord on loopback, driven from a terminal. Type slash commands
// as in Discord (`/study deck:docker`, `/settings daily_new:5`), press buttons by number, answer modals on the
// prompt. A way to try the bot, and to proof-read decks, without a Discord application.
//
//   npm run sandbox                     progress kept in data/sandbox (delete it to start over)
//   npm run sandbox -- --temp           a throwaway database
//   npm run sandbox -- --content DIR    other decks (a broken deck is reported line by line)
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pino from 'pino';
import { ContentError, type RunningBot, startBot } from '../../src/app.js';
import { parseConfig } from '../../src/config/config.js';
import { formatProblem } from '../../src/content/load.js';
import { createLogger } from '../../src/logger.js';
import { GUILD_ID } from './bot-harness.js';
import {
  ADMIN_PERMISSIONS,
  type FakeComponent,
  type FakeMessage,
  type FakeUser,
  type InteractionOutcome,
  type Json,
  startFakeDiscord,
} from './fake-discord/index.js';

export type Locale = 'ko' | 'en';

// ---------------------------------------------------------------------------------------------------------------
// Commands typed on the prompt

interface Localized {
  name: string;
  name_localizations?: Record<string, string> | null;
  description?: string;
  description_localizations?: Record<string, string> | null;
}

export interface CommandOptionJson extends Localized {
  type: number;
  required?: boolean;
  choices?: (Localized & { value: string | number })[];
  options?: CommandOptionJson[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
}

export interface CommandJson extends Localized {
  options?: CommandOptionJson[];
}

export interface CommandOptionValue {
  type: number;
  name: string;
  value?: string | number | boolean;
  options?: CommandOptionValue[];
}

export type SandboxInput =
  | { kind: 'empty' }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'lang'; locale: Locale }
  | { kind: 'time'; offsetMs: number | null }
  | { kind: 'press'; number: number }
  | { kind: 'label'; label: string }
  | {
      kind: 'command';
      name: string;
      options: CommandOptionValue[];
      usesChannel: boolean;
      /** Attachment options: option name → the path of the file to attach (`/deck import file:notes.apkg`). */
      files?: Record<string, string>;
    }
  | { kind: 'error'; message: string };

const OPTION = {
  subcommand: 1,
  group: 2,
  string: 3,
  integer: 4,
  boolean: 5,
  channel: 7,
  number: 10,
  attachment: 11,
} as const;

const UI = {
  ko: {
    prompt: '복습> ',
    unknownCommand: (name: string, known: string) => `/${name} 명령은 없어요. 있는 명령: ${known}`,
    unknownOption: (command: string, name: string, known: string) =>
      `/${command}에는 ${name} 옵션이 없어요. 옵션: ${known || '(없음)'}`,
    missing: (command: string, names: string) => `/${command}에 필요한 옵션이 빠졌어요: ${names}`,
    needsSubcommand: (command: string, names: string) => `/${command} 뒤에 하위 명령을 쓰세요: ${names}`,
    badInteger: (name: string) => `${name}에는 정수를 쓰세요.`,
    badNumber: (name: string) => `${name}에는 숫자를 쓰세요.`,
    badBoolean: (name: string) => `${name}에는 true 또는 false를 쓰세요.`,
    range: (name: string, min: string, max: string) => `${name}는 ${min}에서 ${max} 사이여야 해요.`,
    length: (name: string, max: number) => `${name}는 ${max}자 이하여야 해요.`,
    badChoice: (name: string, known: string) => `${name}에 쓸 수 있는 값: ${known}`,
    unsupported: (name: string) => `${name} 옵션은 샌드박스에서 쓸 수 없어요.`,
    badTime: '시간은 /time +30m, /time +2d, /time 0 처럼 쓰세요.',
    badLang: '/lang ko 또는 /lang en',
    noButtons: '누를 버튼이 없어요. 먼저 /study 같은 명령을 입력하세요.',
    noSuchButton: (n: number, max: number) => `${n}번 버튼은 없어요 (1-${max}).`,
    disabled: '이 버튼은 지금 누를 수 없어요.',
    pick: (label: string) => `${label}: 번호를 고르세요 (쉼표로 여러 개)`,
    modal: (title: string) => `[입력 창] ${title} · 빈 줄이면 닫아요`,
    maxLength: (max: number) => `최대 ${max}자 (Discord가 더 긴 입력을 막아요)`,
    modalClosed: '입력 창을 닫았어요.',
    ephemeral: '나만 보임',
    updated: '화면 갱신',
    dm: 'DM',
    loading: '봇이 생각하는 중…',
    attachment: (name: string, file: string) => `📎 ${name} → ${file}`,
    image: (url: string) => `🖼  ${url}`,
    locale: (locale: string) => `이제 ${locale === 'ko' ? '한국어' : '영어'} 사용자로 명령을 보내요.`,
    time: (now: string) => `샌드박스 시계: ${now}`,
    failed: (reason: string) => `⚠ ${reason}`,
    bye: '봇과 가짜 Discord를 닫았어요. 안녕히!',
    helpTitle: '명령 (Discord에서처럼 입력)',
    helpSandbox: [
      '숫자        화면의 [번호] 버튼 누르기 (버튼 이름을 그대로 써도 돼요)',
      '빈 줄       지금 화면 다시 보기',
      '/lang en    영어 사용자로 바꾸기 (/lang ko 로 돌아오기)',
      '/time +1d   샌드박스 시계를 앞으로 (복습 예정 항목 불러오기); /time 0 으로 되돌리기',
      '?           이 도움말 · quit 종료',
    ],
  },
  en: {
    prompt: 'boksup> ',
    unknownCommand: (name: string, known: string) => `There is no /${name}. Commands: ${known}`,
    unknownOption: (command: string, name: string, known: string) =>
      `/${command} has no option ${name}. Options: ${known || '(none)'}`,
    missing: (command: string, names: string) => `/${command} needs: ${names}`,
    needsSubcommand: (command: string, names: string) => `/${command} needs a subcommand: ${names}`,
    badInteger: (name: string) => `${name} takes a whole number.`,
    badNumber: (name: string) => `${name} takes a number.`,
    badBoolean: (name: string) => `${name} takes true or false.`,
    range: (name: string, min: string, max: string) => `${name} must be between ${min} and ${max}.`,
    length: (name: string, max: number) => `${name} takes at most ${max} characters.`,
    badChoice: (name: string, known: string) => `${name} takes one of: ${known}`,
    unsupported: (name: string) => `The sandbox cannot fill the option ${name}.`,
    badTime: 'Write the time as /time +30m, /time +2d or /time 0.',
    badLang: '/lang ko or /lang en',
    noButtons: 'No buttons to press. Type a command such as /study first.',
    noSuchButton: (n: number, max: number) => `There is no button ${n} (1-${max}).`,
    disabled: 'That button cannot be pressed now.',
    pick: (label: string) => `${label}: pick by number (comma-separated for several)`,
    modal: (title: string) => `[form] ${title} · an empty line closes it`,
    maxLength: (max: number) => `at most ${max} characters (Discord stops longer input)`,
    modalClosed: 'Form closed.',
    ephemeral: 'only you',
    updated: 'screen updated',
    dm: 'DM',
    loading: 'The bot is thinking…',
    attachment: (name: string, file: string) => `📎 ${name} → ${file}`,
    image: (url: string) => `🖼  ${url}`,
    locale: (locale: string) =>
      `Now sending commands as ${locale === 'ko' ? 'a Korean' : 'an English'} user.`,
    time: (now: string) => `Sandbox clock: ${now}`,
    failed: (reason: string) => `⚠ ${reason}`,
    bye: 'Bot and fake Discord closed. Bye!',
    helpTitle: 'Commands (typed as in Discord)',
    helpSandbox: [
      'a number    press the [numbered] button (or type its label)',
      'empty line  show the current screen again',
      '/lang ko    switch to a Korean user (/lang en for English)',
      '/time +1d   move the sandbox clock forward (brings reviews due); /time 0 resets it',
      '?           this help · quit to leave',
    ],
  },
} as const;

const localizedName = (entry: Localized, locale: Locale) =>
  locale === 'ko' ? (entry.name_localizations?.ko ?? entry.name) : entry.name;
const localizedDescription = (entry: Localized, locale: Locale) =>
  (locale === 'ko' ? entry.description_localizations?.ko : undefined) ?? entry.description ?? '';

/** Matches a typed name against a command or option: its name or Korean name, `-` and `_` alike. */
function sameName(typed: string, entry: Localized): boolean {
  const norm = (text: string) => text.toLowerCase().replaceAll('-', '_');
  const candidates = [entry.name, ...Object.values(entry.name_localizations ?? {})];
  return candidates.some((candidate) => norm(candidate) === norm(typed));
}

/** Splits a line into words; quotes keep spaces (`deck:"two words"`). */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started || current) tokens.push(current);
      current = '';
      started = false;
    } else current += char;
  }
  if (started || current) tokens.push(current);
  return tokens;
}

function parseDuration(text: string): number | null {
  if (text === '0' || text === 'now') return null;
  const match = /^\+?(\d+(?:\.\d+)?)(m|h|d|w)$/.exec(text);
  if (!match) return Number.NaN;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(match[1]) * unit;
}

function convertValue(
  option: CommandOptionJson,
  raw: string,
  locale: Locale,
  channelId: string,
): { value: string | number | boolean } | { error: string } {
  const ui = UI[locale];
  const name = localizedName(option, locale);
  const bounds = (value: number) =>
    (option.min_value !== undefined && value < option.min_value) ||
    (option.max_value !== undefined && value > option.max_value)
      ? { error: ui.range(name, String(option.min_value ?? '-∞'), String(option.max_value ?? '∞')) }
      : { value };
  if (option.choices?.length) {
    const choice = option.choices.find((c) => String(c.value) === raw || sameName(raw, c));
    if (!choice)
      return { error: ui.badChoice(name, option.choices.map((c) => `${c.value} (${c.name})`).join(', ')) };
    return { value: choice.value };
  }
  switch (option.type) {
    case OPTION.string:
      if (option.max_length !== undefined && raw.length > option.max_length)
        return { error: ui.length(name, option.max_length) };
      return { value: raw };
    case OPTION.integer:
      return /^-?\d+$/.test(raw) ? bounds(Number(raw)) : { error: ui.badInteger(name) };
    case OPTION.number: {
      const value = Number(raw);
      return raw.trim() !== '' && Number.isFinite(value) ? bounds(value) : { error: ui.badNumber(name) };
    }
    case OPTION.boolean: {
      const text = raw.toLowerCase();
      if (['true', 'yes', 'on', '예', '네', '켜기'].includes(text)) return { value: true };
      if (['false', 'no', 'off', '아니오', '아니요', '끄기'].includes(text)) return { value: false };
      return { error: ui.badBoolean(name) };
    }
    case OPTION.channel:
      // The fake server has one text channel; any name means it.
      return { value: channelId };
    case OPTION.attachment:
      // A path on this machine: the sandbox reads the file and attaches it, as Discord's client uploads it.
      return { value: raw };
    default:
      return { error: ui.unsupported(name) };
  }
}

/**
 * Reads one line typed on the prompt: a slash command (checked against the registered definitions, as Discord's
 * client does), a button number or label, or one of the sandbox's own commands.
 */
export function parseInput(
  line: string,
  commands: readonly CommandJson[],
  locale: Locale,
  channelId = '0',
): SandboxInput {
  const ui = UI[locale];
  const text = line.trim();
  if (text === '' || text === '.') return { kind: 'empty' };
  if (['?', 'help', '/help', '도움말'].includes(text.toLowerCase())) return { kind: 'help' };
  if (['quit', 'exit', 'q', '/quit', '/exit', '종료'].includes(text.toLowerCase())) return { kind: 'quit' };
  if (/^\d+$/.test(text)) return { kind: 'press', number: Number(text) };
  if (!text.startsWith('/')) return { kind: 'label', label: text };

  const [head = '', ...words] = tokenize(text.slice(1));
  if (head === 'lang' && !commands.some((c) => c.name === 'lang')) {
    const wanted = words[0]?.toLowerCase();
    return wanted === 'ko' || wanted === 'en'
      ? { kind: 'lang', locale: wanted }
      : { kind: 'error', message: ui.badLang };
  }
  if (head === 'time' && !commands.some((c) => c.name === 'time')) {
    const offset = parseDuration(words[0] ?? '');
    return Number.isNaN(offset) ? { kind: 'error', message: ui.badTime } : { kind: 'time', offsetMs: offset };
  }
  const command = commands.find((c) => sameName(head, c));
  if (!command) {
    const known = commands.map((c) => `/${localizedName(c, locale)}`).join(' ');
    return { kind: 'error', message: ui.unknownCommand(head, known) };
  }
  const commandName = localizedName(command, locale);

  // Subcommands (and groups) come first as bare words: `/admin timezone zone:Asia/Seoul`.
  let level: CommandOptionJson[] = command.options ?? [];
  const chain: CommandOptionValue[] = [];
  let rest = words;
  while (level.some((o) => o.type === OPTION.subcommand || o.type === OPTION.group)) {
    const word = rest[0];
    const sub = word === undefined ? undefined : level.find((o) => sameName(word, o));
    if (!sub) {
      const names = level.map((o) => localizedName(o, locale)).join(', ');
      return { kind: 'error', message: ui.needsSubcommand(commandName, names) };
    }
    const entry: CommandOptionValue = { type: sub.type, name: sub.name, options: [] };
    chain.at(-1)?.options?.push(entry);
    chain.push(entry);
    level = sub.options ?? [];
    rest = rest.slice(1);
  }

  const values: CommandOptionValue[] = [];
  const files: Record<string, string> = {};
  let usesChannel = false;
  for (const word of rest) {
    const colon = word.indexOf(':');
    let option: CommandOptionJson | undefined;
    let raw: string;
    if (colon > 0) {
      const key = word.slice(0, colon);
      option = level.find((o) => sameName(key, o));
      raw = word.slice(colon + 1);
      if (!option) {
        const known = level.map((o) => localizedName(o, locale)).join(', ');
        return { kind: 'error', message: ui.unknownOption(commandName, key, known) };
      }
    } else {
      // A bare word fills the next option not given yet: `/study docker`.
      option = level.find((o) => !values.some((v) => v.name === o.name));
      raw = word;
      if (!option) return { kind: 'error', message: ui.unknownOption(commandName, word, '') };
    }
    const converted = convertValue(option, raw, locale, channelId);
    if ('error' in converted) return { kind: 'error', message: converted.error };
    if (option.type === OPTION.channel) usesChannel = true;
    const existing = values.findIndex((v) => v.name === option.name);
    if (existing >= 0) values.splice(existing, 1);
    if (option.type === OPTION.attachment) {
      // The fake Discord swaps this for the uploaded attachment's id.
      files[option.name] = String(converted.value);
      values.push({ type: option.type, name: option.name, value: option.name });
    } else values.push({ type: option.type, name: option.name, value: converted.value });
  }
  const missing = level.filter((o) => o.required && !values.some((v) => v.name === o.name));
  if (missing.length > 0) {
    const names = missing.map((o) => localizedName(o, locale)).join(', ');
    return { kind: 'error', message: ui.missing(commandName, names) };
  }
  const leaf = chain.at(-1);
  if (leaf) leaf.options = values;
  const top = chain[0];
  return {
    kind: 'command',
    name: command.name,
    options: top ? [top] : values,
    usesChannel,
    ...(Object.keys(files).length > 0 ? { files } : {}),
  };
}

/** The help text: the bot's registered commands with their options, then the sandbox's own. */
export function describeCommands(commands: readonly CommandJson[], locale: Locale): string {
  const optionList = (options: CommandOptionJson[] | undefined): string =>
    (options ?? [])
      .map((o) => {
        if (o.type === OPTION.subcommand || o.type === OPTION.group)
          return `${localizedName(o, locale)}${o.options?.length ? ` ${optionList(o.options)}` : ''}`;
        const label = `${localizedName(o, locale)}:…`;
        return o.required ? label : `[${label}]`;
      })
      .join(separatorFor(options));
  const lines: string[] = [UI[locale].helpTitle];
  for (const command of commands) {
    const alias = localizedName(command, locale) === command.name ? '' : ` (/${command.name})`;
    lines.push(`  /${localizedName(command, locale)}${alias} ${optionList(command.options)}`.trimEnd());
    lines.push(`      ${localizedDescription(command, locale)}`);
  }
  lines.push('', ...UI[locale].helpSandbox.map((line) => `  ${line}`));
  return lines.join('\n');
}

const separatorFor = (options: CommandOptionJson[] | undefined) =>
  options?.some((o) => o.type === OPTION.subcommand) ? ' | ' : ' ';

// ---------------------------------------------------------------------------------------------------------------
// Messages shown as text

export interface RenderOptions {
  now: Date;
  locale: Locale;
  /** ANSI styles (a colour terminal); plain text otherwise. */
  color: boolean;
  /** The time zone absolute timestamps are shown in (Discord uses the reader's). */
  timeZone?: string;
}

export interface ButtonEntry {
  number: number;
  customId: string;
  label: string;
  disabled: boolean;
  /** A select menu: pressing it asks which options to pick. */
  select?: { options: { value: string; label: string }[]; min: number; max: number };
}

interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  italic(text: string): string;
  underline(text: string): string;
  strike(text: string): string;
  code(text: string): string;
  rgb(color: number, text: string): string;
  fg(code: number, text: string): string;
}

function stylesFor(color: boolean): Styles {
  if (!color) {
    const same = (text: string) => text;
    return {
      bold: same,
      dim: same,
      italic: same,
      underline: same,
      strike: (text) => `~${text}~`,
      code: (text) => `\`${text}\``,
      rgb: (_color, text) => text,
      fg: (_code, text) => text,
    };
  }
  const wrap = (open: string, close: string) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
  return {
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    italic: wrap('3', '23'),
    underline: wrap('4', '24'),
    strike: (text) => `\x1b[2;9m${text}\x1b[29;22m`,
    code: wrap('36', '39'),
    rgb: (value, text) =>
      `\x1b[38;2;${(value >> 16) & 255};${(value >> 8) & 255};${value & 255}m${text}\x1b[39m`,
    fg: (code, text) => `\x1b[${code}m${text}\x1b[39m`,
  };
}

const LOCALE_TAGS: Record<Locale, string> = { ko: 'ko-KR', en: 'en-US' };

/** `<t:1772413200:R>` as Discord shows it: a relative time, or a date in the reader's zone. */
export function formatTimestamp(
  unixSeconds: number,
  style: string,
  options: Pick<RenderOptions, 'now' | 'locale' | 'timeZone'>,
): string {
  const tag = LOCALE_TAGS[options.locale];
  const instant = new Date(unixSeconds * 1000);
  if (style === 'R') {
    const seconds = (instant.getTime() - options.now.getTime()) / 1000;
    const abs = Math.abs(seconds);
    const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
      abs < 45
        ? [seconds, 'second']
        : abs < 45 * 60
          ? [seconds / 60, 'minute']
          : abs < 22 * 3600
            ? [seconds / 3600, 'hour']
            : abs < 26 * 86400
              ? [seconds / 86400, 'day']
              : abs < 320 * 86400
                ? [seconds / (30 * 86400), 'month']
                : [seconds / (365 * 86400), 'year'];
    return new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }).format(Math.round(value), unit);
  }
  const zone = options.timeZone ? { timeZone: options.timeZone } : {};
  const formats: Record<string, Intl.DateTimeFormatOptions> = {
    t: { timeStyle: 'short' },
    T: { timeStyle: 'medium' },
    d: { dateStyle: 'short' },
    D: { dateStyle: 'long' },
    f: { dateStyle: 'long', timeStyle: 'short' },
    F: { dateStyle: 'full', timeStyle: 'short' },
  };
  return new Intl.DateTimeFormat(tag, { ...(formats[style] ?? formats.f), ...zone }).format(instant);
}

/** Discord markdown, lightly: emphasis, code, quotes, headings, timestamps, mentions, links and escapes. */
export function renderMarkdown(text: string, options: RenderOptions): string {
  const s = stylesFor(options.color);
  const out: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('```')) {
      inBlock = !inBlock;
      continue;
    }
    if (inBlock) {
      out.push(`  ${s.code(line)}`);
      continue;
    }
    let body = line;
    let decorate = (rendered: string) => rendered;
    const heading = /^(#{1,3}) (.*)$/.exec(body);
    const quote = /^>>?>? ?(.*)$/.exec(body);
    if (heading) {
      body = heading[2] as string;
      decorate = s.bold;
    } else if (body.startsWith('-# ')) {
      body = body.slice(3);
      decorate = s.dim;
    } else if (quote) {
      body = quote[1] as string;
      decorate = (rendered) => `${s.dim('│')} ${rendered}`;
    }
    out.push(decorate(renderInline(body, options, s)));
  }
  return out.join('\n');
}

function renderInline(text: string, options: RenderOptions, s: Styles): string {
  // Inline code is taken out first: nothing inside it is markup.
  const parts = text.split(/(`[^`]+`)/);
  return parts
    .map((part, index) => {
      if (index % 2 === 1) return s.code(part.slice(1, -1));
      const escaped: string[] = [];
      let piece = part.replace(/\\([\\*_~`|>#\-[\]()])/g, (_match, char: string) => {
        escaped.push(char);
        return `\uE000${escaped.length - 1}\uE000`;
      });
      piece = piece
        .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_m, unix: string, style: string | undefined) =>
          s.underline(formatTimestamp(Number(unix), style ?? 'f', options)),
        )
        .replace(/<@!?(\d+)>/g, '@user')
        .replace(/<@&(\d+)>/g, '@role')
        .replace(/<#(\d+)>/g, '#general')
        .replace(/<\/([\w-]+(?: [\w-]+)*):\d+>/g, (_m, name: string) => s.code(`/${name}`))
        .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, (_m, label: string, url: string) => `${label} <${url}>`)
        .replace(/\*\*(.+?)\*\*/g, (_m, inner: string) => s.bold(inner))
        .replace(/__(.+?)__/g, (_m, inner: string) => s.underline(inner))
        .replace(/~~(.+?)~~/g, (_m, inner: string) => s.strike(inner))
        .replace(/\|\|(.+?)\|\|/g, (_m, inner: string) => s.dim(`[${inner}]`))
        .replace(
          /(^|[^*\w])\*(?!\s)([^*]+?)\*(?!\w)/g,
          (_m, before: string, inner: string) => before + s.italic(inner),
        );
      return piece.replace(/\uE000(\d+)\uE000/g, (_m, n: string) => escaped[Number(n)] ?? '');
    })
    .join('');
}

const BUTTON_COLORS: Record<number, number> = { 1: 34, 3: 32, 4: 31 };

/** A message as text: content, then each embed behind a bar in its colour, then numbered buttons. */
export function renderMessage(
  message: Pick<FakeMessage, 'content' | 'embeds' | 'components'> & Partial<Pick<FakeMessage, 'attachments'>>,
  options: RenderOptions,
  firstNumber = 1,
): { text: string; buttons: ButtonEntry[] } {
  const s = stylesFor(options.color);
  const md = (text: string) => renderMarkdown(text, options);
  const blocks: string[] = [];
  if (message.content) blocks.push(md(message.content));

  for (const embed of message.embeds as Json[]) {
    const lines: string[] = [];
    const author = (embed.author as Json | undefined)?.name;
    if (typeof author === 'string') lines.push(s.dim(author));
    if (typeof embed.title === 'string') lines.push(s.bold(md(embed.title)));
    if (typeof embed.description === 'string') lines.push(md(embed.description));
    const fields = (embed.fields as { name: string; value: string; inline?: boolean }[] | undefined) ?? [];
    let inlineRun: string[] = [];
    const flush = () => {
      // Discord puts up to three inline fields side by side.
      for (let i = 0; i < inlineRun.length; i += 3)
        lines.push(inlineRun.slice(i, i + 3).join(s.dim('   ·   ')));
      inlineRun = [];
    };
    for (const field of fields) {
      if (field.inline && !field.value.includes('\n')) {
        if (inlineRun.length === 0) lines.push('');
        inlineRun.push(`${s.bold(md(field.name))}: ${md(field.value)}`);
        continue;
      }
      flush();
      lines.push('', s.bold(md(field.name)));
      lines.push(
        ...md(field.value)
          .split('\n')
          .map((line) => `  ${line}`),
      );
    }
    flush();
    const image = (embed.image as Json | undefined)?.url ?? (embed.thumbnail as Json | undefined)?.url;
    // `attachment://stats.png` names a file of the message, saved and listed under it.
    if (typeof image === 'string')
      lines.push(UI[options.locale].image(image.replace(/^attachment:\/\//, '')));
    const footer = (embed.footer as Json | undefined)?.text;
    if (typeof footer === 'string') lines.push('', ...footer.split('\n').map((line) => s.dim(md(line))));
    const color = typeof embed.color === 'number' ? embed.color : 0x4e5058;
    const bar = options.color ? s.rgb(color, '▌') : '│';
    blocks.push(
      lines
        .flatMap((line) => line.split('\n'))
        .map((line) => `${bar} ${line}`)
        .join('\n'),
    );
  }

  const buttons: ButtonEntry[] = [];
  const rows: string[] = [];
  for (const row of message.components) {
    const cells: string[] = [];
    for (const component of row.components ?? [row]) {
      const entry = toButtonEntry(component, firstNumber + buttons.length);
      if (!entry) {
        if (component.type === 2 && typeof component.url === 'string')
          cells.push(`${s.underline(String(component.label ?? component.url))} <${component.url}>`);
        continue;
      }
      buttons.push(entry);
      const number = `[${entry.number}]`;
      const label = entry.select ? `▾ ${entry.label}` : entry.label;
      const style = typeof component.style === 'number' ? BUTTON_COLORS[component.style] : undefined;
      cells.push(
        entry.disabled
          ? s.dim(`${number} ${s.strike(label)}`)
          : `${s.bold(number)} ${style ? s.fg(style, label) : label}`,
      );
    }
    if (cells.length > 0) rows.push(cells.join('  '));
  }
  if (rows.length > 0) blocks.push(rows.join('\n'));
  return { text: blocks.join('\n\n'), buttons };
}

function toButtonEntry(component: FakeComponent, number: number): ButtonEntry | undefined {
  if (!component.custom_id) return undefined;
  const disabled = component.disabled === true;
  if (component.type === 2)
    return { number, customId: component.custom_id, label: String(component.label ?? '•'), disabled };
  if (component.type === 3) {
    return {
      number,
      customId: component.custom_id,
      label: String(component.placeholder ?? '…'),
      disabled,
      select: {
        options: (component.options ?? []).map((o) => ({ value: o.value, label: o.label ?? o.value })),
        min: component.min_values ?? 1,
        max: component.max_values ?? 1,
      },
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The terminal session

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const SANDBOX_USER_ID = '100000000000000042';

function parseArgs(argv: string[]): { temp: boolean; content?: string; data?: string } {
  const args: { temp: boolean; content?: string; data?: string } = { temp: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--temp') args.temp = true;
    else if (arg === '--content') args.content = argv[++i];
    else if (arg === '--data') args.data = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log('npm run sandbox -- [--temp] [--content DIR] [--data DIR]');
      process.exit(0);
    } else {
      console.error(`unknown argument ${arg}`);
      process.exit(2);
    }
  }
  return args;
}

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
  const root = fileURLToPath(new URL('../../', import.meta.url));
  // Paths inside the project are shown relative to it; others (a temp dir) in full.
  const show = (p: string) => {
    const relative = path.relative(process.cwd(), p);
    return relative === '' ? '.' : relative.startsWith('..') ? p : relative;
  };
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  let locale: Locale = 'ko';
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  const user: FakeUser = { id: SANDBOX_USER_ID, username: 'sandbox', locale: 'ko' };

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
  const commands = () => fake.registeredCommands({ guildId: GUILD_ID }) as unknown as CommandJson[];

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const lines = lineReader(rl);
  const s = stylesFor(color);
  const print = (text = '') => console.log(text);
  const renderOptions = (): RenderOptions => ({ now: clock(), locale, color });

  let current: FakeMessage | undefined;
  let buttons: ButtonEntry[] = [];
  const printed = new Set<string>();

  const header = (label: string) => print(s.dim(`── ${label} ${'─'.repeat(24)}`));
  async function showMessage(message: FakeMessage, label: string): Promise<void> {
    printed.add(message.id);
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
  for (const message of watched()) printed.add(message.id);
  let busy = false;
  const watcher = setInterval(() => {
    if (busy || !lines.waitingForInput) return;
    const fresh = watched().filter((m) => !printed.has(m.id) && !m.interaction_metadata);
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
      locale === 'ko' ? '? 도움말 · /study 로 시작 · quit 종료' : '? help · /study to begin · quit to leave',
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
        let attachments: Record<string, { name: string; bytes: Uint8Array }> | undefined;
        try {
          attachments = input.files
            ? Object.fromEntries(
                await Promise.all(
                  Object.entries(input.files).map(async ([option, file]) => [
                    option,
                    { name: path.basename(file), bytes: await readFile(file) },
                  ]),
                ),
              )
            : undefined;
        } catch (error) {
          print(UI[locale].failed(String(error)));
          break;
        }
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
