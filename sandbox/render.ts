import type { Locale } from '../src/i18n/messages.js';
import type { FakeComponent, FakeMessage, Json } from '../test/support/fake-discord/index.js';
import { UI } from './strings.js';

/** Discord messages drawn as terminal text: markdown, timestamps, embeds, and numbered buttons to press. */

// ---------------------------------------------------------------------------------------------------------------
// Messages shown as text

export interface RenderOptions {
  now: Date;
  locale: Locale;
  /** ANSI styles (a colour terminal); plain text otherwise. */
  color: boolean;
  /** The time zone absolute timestamps are shown in (Discord uses the reader's). */
  timeZone?: string;
  /** Display names of users by id, for mentions (Discord shows names, not ids). */
  userNames?: ReadonlyMap<string, string>;
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

export function stylesFor(color: boolean): Styles {
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
        .replace(/<@!?(\d+)>/g, (_m, id: string) => `@${options.userNames?.get(id) ?? 'user'}`)
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
