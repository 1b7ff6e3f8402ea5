import type { Locale } from '../src/i18n/messages.js';
import { SANDBOX_HELP, UI } from './strings.js';

/** What is typed on the sandbox prompt, read against the bot's own command definitions. */

// ---------------------------------------------------------------------------------------------------------------
// Commands typed on the prompt

export interface Localized {
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
// The command line

export interface SandboxArgs {
  temp: boolean;
  locale: Locale;
  content?: string;
  data?: string;
}

export function parseArgs(argv: string[]): SandboxArgs {
  const args: SandboxArgs = { temp: false, locale: 'ko' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--temp') args.temp = true;
    else if (arg === '--lang' || arg?.startsWith('--lang=')) {
      const value = arg === '--lang' ? argv[++i] : arg.slice('--lang='.length);
      if (value !== 'ko' && value !== 'en') {
        console.error('--lang takes ko or en');
        process.exit(2);
      }
      args.locale = value;
    } else if (arg === '--content') args.content = argv[++i];
    else if (arg === '--data') args.data = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log(SANDBOX_HELP);
      process.exit(0);
    } else {
      console.error(`unknown argument ${arg}`);
      process.exit(2);
    }
  }
  return args;
}
