/**
 * The `/stats` card as an SVG string: pure layout, no I/O and no native code. `stats-card.ts` supplies the
 * font's metrics (for truncation and legend placement, and to drop characters the font has no glyph for) and
 * turns the SVG into a PNG with resvg.
 *
 * Everything drawn comes from numbers that pass through `count()`/`ratio()`, so no `NaN`, `Infinity` or
 * `undefined` can reach an attribute, and every piece of user text passes through `text()`, which escapes XML.
 */

import type { StatsCardData } from '../../services/stats.js';

export type StatsLocale = 'ko' | 'en';
export type { StatsCardData };

/** What the renderer knows about the card font; `approximateMetrics` stands in when the font is not at hand. */
export interface TextMetrics {
  /** Advance width in px of `value` set at `size` px. */
  width(value: string, size: number, bold: boolean): number;
  /** Whether the font has a glyph for this code point. */
  canRender(codePoint: number): boolean;
}

export const CARD_WIDTH = 1000;
export const CARD_HEIGHT = 560;
export const CARD_FONT_FAMILY = 'Pretendard';

/** A rough width estimate (Hangul and other wide characters one em, Latin about half) that renders everything. */
export const approximateMetrics: TextMetrics = {
  width(value, size, bold) {
    let em = 0;
    for (const ch of value) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp >= 0x1100 && isWide(cp)) em += 0.95;
      else if (ch === ' ') em += 0.26;
      else if (/[A-Z0-9%]/.test(ch)) em += 0.62;
      else em += 0.52;
    }
    return em * size * (bold ? 1.04 : 1);
  },
  canRender: () => true,
};

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    cp >= 0x1f000
  );
}

// ---------------------------------------------------------------------------------------------------------
// Theme and copy

const C = {
  background: '#1e1f22',
  panel: '#2b2d31',
  text: '#f2f3f5',
  muted: '#b5bac1',
  faint: '#80848e',
  grid: '#3f4147',
  accent: '#5865f2',
  accentSoft: '#8891f7',
  retention: '#00a8fc',
  saturday: '#7fa8ff',
  sunday: '#f58b8b',
  newItems: '#00a8fc',
  learning: '#f0b232',
  review: '#23a55a',
  heat: ['#383a40', '#0e4429', '#006d32', '#26a641', '#39d353'] as const,
} as const;

interface Copy {
  intl: string;
  subtitle: string;
  activity: string;
  forecast: string;
  retention: string;
  dueToday: string;
  currentStreak: string;
  bestStreak: string;
  items: string;
  newItems: string;
  learning: string;
  review: string;
  totalReviews: string;
  noData: string;
  nothingDue: string;
  retentionHint: string;
  allCaughtUp: string;
  less: string;
  more: string;
  today: string;
  fallbackName: string;
  /** Monday first. */
  weekdays: readonly [string, string, string, string, string, string, string];
  /** Labels for the heatmap rows, Monday first; empty rows stay unlabelled. */
  heatmapRows: readonly string[];
  month(month: number): string;
  shortDate(month: number, day: number): string;
  /** Units set smaller after a big figure. */
  daysUnit(n: number): string;
  itemsUnit(n: number): string;
  timesUnit(n: number): string;
  activeDays(n: string): string;
  reviewsTotal(n: string): string;
  dueTotal(n: string): string;
  itemsTotal(n: string): string;
  recalledOf(recalled: string, reviewed: string): string;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const COPY: Record<StatsLocale, Copy> = {
  ko: {
    intl: 'ko-KR',
    subtitle: '복습 통계',
    activity: '최근 12주 활동',
    forecast: '앞으로 14일',
    retention: '30일 기억률',
    dueToday: '오늘 복습할 항목',
    currentStreak: '연속 학습',
    bestStreak: '최고 기록',
    items: '항목 현황',
    newItems: '새 항목',
    learning: '학습 중',
    review: '복습',
    totalReviews: '총 복습',
    noData: '아직 데이터가 없어요',
    nothingDue: '예정된 복습이 없어요',
    retentionHint: '복습 기록이 쌓이면 보여 드려요',
    allCaughtUp: '오늘 복습을 모두 마쳤어요',
    less: '적음',
    more: '많음',
    today: '오늘',
    fallbackName: '학습자',
    weekdays: ['월', '화', '수', '목', '금', '토', '일'],
    heatmapRows: ['월', '', '수', '', '금', '', ''],
    month: (m) => `${m}월`,
    shortDate: (m, d) => `${m}/${d}`,
    daysUnit: () => '일',
    itemsUnit: () => '개',
    timesUnit: () => '회',
    activeDays: (n) => `복습한 날 ${n}일`,
    reviewsTotal: (n) => `총 ${n}회`,
    dueTotal: (n) => `총 ${n}개`,
    itemsTotal: (n) => `${n}개`,
    recalledOf: (recalled, reviewed) => `${reviewed}회 중 ${recalled}회 기억`,
  },
  en: {
    intl: 'en-US',
    subtitle: 'Study stats',
    activity: 'Last 12 weeks',
    forecast: 'Next 14 days',
    retention: '30-day retention',
    dueToday: 'Due today',
    currentStreak: 'Current streak',
    bestStreak: 'Best streak',
    items: 'Items',
    newItems: 'New',
    learning: 'Learning',
    review: 'Review',
    totalReviews: 'Total reviews',
    noData: 'No data yet',
    nothingDue: 'Nothing due',
    retentionHint: 'Appears once you have reviews',
    allCaughtUp: 'All caught up for today',
    less: 'Less',
    more: 'More',
    today: 'Today',
    fallbackName: 'Learner',
    weekdays: ['M', 'T', 'W', 'T', 'F', 'S', 'S'],
    heatmapRows: ['Mon', '', 'Wed', '', 'Fri', '', ''],
    month: (m) => MONTHS_EN[m - 1] ?? '',
    shortDate: (m, d) => `${MONTHS_EN[m - 1] ?? ''} ${d}`,
    daysUnit: (n) => (n === 1 ? 'day' : 'days'),
    itemsUnit: (n) => (n === 1 ? 'item' : 'items'),
    timesUnit: () => '',
    activeDays: (n) => `${n} active ${n === '1' ? 'day' : 'days'}`,
    reviewsTotal: (n) => `${n} ${n === '1' ? 'review' : 'reviews'}`,
    dueTotal: (n) => `${n} due`,
    itemsTotal: (n) => `${n} ${n === '1' ? 'item' : 'items'}`,
    recalledOf: (recalled, reviewed) => `${recalled} of ${reviewed} recalled`,
  },
};

// ---------------------------------------------------------------------------------------------------------
// Small helpers

/** A non-negative finite number, or 0. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** A number in 0..1, or null. */
function ratio(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.min(1, Math.max(0, value));
}

/** A coordinate or length for an attribute: finite, at most two decimals. */
function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0';
}

/** Drops what XML 1.0 forbids: C0 controls other than tab/newline/CR, lone surrogates, U+FFFE and U+FFFF. */
function stripInvalidXml(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0;
    const valid =
      cp === 0x9 ||
      cp === 0xa ||
      cp === 0xd ||
      (cp >= 0x20 && cp <= 0xd7ff) ||
      (cp >= 0xe000 && cp <= 0xfffd) ||
      cp >= 0x10000;
    if (valid) out += ch;
  }
  return out;
}

function escapeXml(value: string): string {
  return stripInvalidXml(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

interface TextOptions {
  size: number;
  fill: string;
  bold?: boolean;
  anchor?: 'start' | 'middle' | 'end';
}

function text(x: number, y: number, value: string, o: TextOptions): string {
  const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
  const weight = o.bold ? ' font-weight="700"' : '';
  return `<text x="${n(x)}" y="${n(y)}" font-size="${o.size}"${weight} fill="${o.fill}"${anchor}>${escapeXml(value)}</text>`;
}

interface FigureOptions {
  size: number;
  fill: string;
  /** Set smaller and muted after the number. */
  unit?: string;
  /** The number shrinks (down to 16 px) until number and unit fit. */
  maxWidth: number;
  metrics: TextMetrics;
}

/** A big number followed by a smaller unit on the same baseline. */
function figure(x: number, y: number, value: string, o: FigureOptions): string {
  const unit = o.unit ?? '';
  const unitSizeOf = (size: number) => Math.round(size * 0.45);
  const widthAt = (size: number) =>
    o.metrics.width(value, size, true) +
    (unit ? size * 0.12 + o.metrics.width(unit, unitSizeOf(size), false) : 0);
  let size = o.size;
  while (size > 16 && widthAt(size) > o.maxWidth) size -= 1;
  const unitSpan = unit
    ? `<tspan font-size="${unitSizeOf(size)}" font-weight="400" fill="${C.muted}" dx="${n(size * 0.12)}">${escapeXml(unit)}</tspan>`
    : '';
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}" font-weight="700" fill="${o.fill}">${escapeXml(value)}${unitSpan}</text>`;
}

function rect(x: number, y: number, w: number, h: number, fill: string, r = 0, extra = ''): string {
  const rounded = r > 0 ? ` rx="${n(r)}"` : '';
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, w))}" height="${n(Math.max(0, h))}"${rounded} fill="${fill}"${extra}/>`;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, extra = ''): string {
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="1"${extra}/>`;
}

const DAY_MS = 86_400_000;

/** Days since the epoch of a `YYYY-MM-DD` date, or null if it is not one. */
function dayNumber(date: unknown): number | null {
  if (typeof date !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return Math.round(ms / DAY_MS);
}

interface CalendarDay {
  month: number;
  day: number;
  /** 0 = Monday .. 6 = Sunday. */
  weekday: number;
}

function calendar(day: number): CalendarDay {
  const d = new Date(day * DAY_MS);
  return { month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7 };
}

/** Today's local date as a day number: the last activity entry, else `generatedAt` in the member's zone. */
function todayOf(data: StatsCardData): number {
  const last = data.activity.at(-1);
  const fromActivity = last ? dayNumber(last.date) : null;
  if (fromActivity !== null) return fromActivity;
  const at =
    data.generatedAt instanceof Date && Number.isFinite(data.generatedAt.getTime()) ? data.generatedAt : null;
  if (!at) return Math.floor(Date.now() / DAY_MS);
  for (const timeZone of [data.timezone, 'UTC']) {
    try {
      const ymd = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(at);
      const day = dayNumber(ymd);
      if (day !== null) return day;
    } catch {
      // An unknown zone: try the next.
    }
  }
  return Math.floor(at.getTime() / DAY_MS);
}

function headerDate(data: StatsCardData, copy: Copy, today: number): string {
  const at =
    data.generatedAt instanceof Date && Number.isFinite(data.generatedAt.getTime()) ? data.generatedAt : null;
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  };
  if (at) {
    for (const timeZone of [data.timezone, 'UTC']) {
      try {
        return new Intl.DateTimeFormat(copy.intl, { ...options, timeZone }).format(at);
      } catch {
        // An unknown zone: try the next.
      }
    }
  }
  return new Intl.DateTimeFormat(copy.intl, { ...options, timeZone: 'UTC' }).format(new Date(today * DAY_MS));
}

/** Keeps the characters the font can draw, collapses whitespace, and shortens to `maxWidth` with an ellipsis. */
function fitName(
  raw: string,
  metrics: TextMetrics,
  size: number,
  maxWidth: number,
  fallback: string,
): string {
  let kept = '';
  for (const ch of typeof raw === 'string' ? stripInvalidXml(raw) : '') {
    const cp = ch.codePointAt(0) ?? 0;
    if (/\s/u.test(ch)) kept += ' ';
    else if (cp >= 0x20 && metrics.canRender(cp)) kept += ch;
  }
  kept = kept.replace(/ {2,}/g, ' ').trim();
  if (!kept) return fallback;
  if (metrics.width(kept, size, true) <= maxWidth) return kept;
  const chars = Array.from(kept);
  while (chars.length > 1 && metrics.width(`${chars.join('').trimEnd()}…`, size, true) > maxWidth)
    chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------------------
// The card

export function buildStatsCardSvg(data: StatsCardData, metrics: TextMetrics = approximateMetrics): string {
  const locale: StatsLocale = data.locale === 'en' ? 'en' : 'ko';
  const copy = COPY[locale];
  const num = new Intl.NumberFormat(copy.intl, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(copy.intl, { notation: 'compact', maximumFractionDigits: 1 });
  const fmt = (value: number) => num.format(Math.round(value));
  /** Short enough for a 22 px wide bar column. */
  const fmtShort = (value: number) => (value >= 1000 ? compact.format(value) : fmt(value));
  const today = todayOf(data);
  const ctx: Ctx = { data, copy, metrics, today, fmt, fmtShort };

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}" font-family="${CARD_FONT_FAMILY}">`,
    '<defs>',
    `<linearGradient id="retention-fill" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${C.retention}" stop-opacity="0.35"/><stop offset="1" stop-color="${C.retention}" stop-opacity="0"/></linearGradient>`,
    '</defs>',
    rect(0, 0, CARD_WIDTH, CARD_HEIGHT, C.background),
    header(ctx),
    heatmap(ctx, { x: 24, y: 84, w: 336, h: 256 }),
    forecast(ctx, { x: 372, y: 84, w: 344, h: 256 }),
    retention(ctx, { x: 24, y: 352, w: 692, h: 184 }),
    sidePanel(ctx, { x: 728, y: 84, w: 248, h: 452 }),
    '</svg>',
  ];
  return parts.join('\n');
}

interface Ctx {
  data: StatsCardData;
  copy: Copy;
  metrics: TextMetrics;
  today: number;
  fmt(value: number): string;
  fmtShort(value: number): string;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const PAD = 20;

function panel(box: Box, title: string, aside?: string): string {
  const out = [
    rect(box.x, box.y, box.w, box.h, C.panel, 12),
    text(box.x + PAD, box.y + 34, title, { size: 16, bold: true, fill: C.text }),
  ];
  if (aside)
    out.push(text(box.x + box.w - PAD, box.y + 34, aside, { size: 13, fill: C.muted, anchor: 'end' }));
  return out.join('\n');
}

function emptyNote(cx: number, cy: number, message: string, metrics: TextMetrics): string {
  const w = metrics.width(message, 13, false) + 28;
  return [
    rect(cx - w / 2, cy - 16, w, 30, C.background, 15, ' fill-opacity="0.85"'),
    text(cx, cy + 4, message, { size: 13, fill: C.muted, anchor: 'middle' }),
  ].join('\n');
}

function header(ctx: Ctx): string {
  const { copy, data, metrics } = ctx;
  const nameX = 80;
  const brand = 'boksup';
  const brandWidth = metrics.width(brand, 15, true);
  const name = fitName(data.displayName, metrics, 26, 976 - nameX - brandWidth - 40, copy.fallbackName);
  return [
    rect(24, 22, 42, 42, C.accent, 11),
    text(45, 51, '복', { size: 22, bold: true, fill: '#ffffff', anchor: 'middle' }),
    text(nameX, 46, name, { size: 26, bold: true, fill: C.text }),
    text(nameX, 68, `${copy.subtitle} · ${headerDate(data, copy, ctx.today)}`, { size: 13, fill: C.muted }),
    text(976, 46, brand, { size: 15, bold: true, fill: C.faint, anchor: 'end' }),
  ].join('\n');
}

function heatmap(ctx: Ctx, box: Box): string {
  const { copy, data, metrics, today } = ctx;
  const reviewsByDay = new Map<number, number>();
  let total = 0;
  let activeDays = 0;
  for (const entry of data.activity) {
    const day = dayNumber(entry?.date);
    if (day === null) continue;
    const reviews = count(entry.reviews);
    reviewsByDay.set(day, (reviewsByDay.get(day) ?? 0) + reviews);
    total += reviews;
  }
  for (const reviews of reviewsByDay.values()) if (reviews > 0) activeDays += 1;

  // Twelve week columns, Monday to Sunday; the last column is this week, whose later days are still to come.
  const thisMonday = today - calendar(today).weekday;
  const firstMonday = thisMonday - 11 * 7;
  const shown: number[] = [];
  for (let day = firstMonday; day <= today; day++) shown.push(reviewsByDay.get(day) ?? 0);
  const max = Math.max(0, ...shown);
  const level = (reviews: number) =>
    reviews <= 0 || max <= 0 ? 0 : Math.min(4, Math.max(1, Math.ceil((reviews / max) * 4)));

  const cell = 18;
  const pitch = 22;
  const gridX = box.x + PAD + 36;
  const gridY = box.y + 72;
  const out = [panel(box, copy.activity, copy.reviewsTotal(ctx.fmt(total)))];

  copy.heatmapRows.forEach((label, row) => {
    if (label) out.push(text(box.x + PAD, gridY + row * pitch + 13, label, { size: 12, fill: C.faint }));
  });

  // Each column whose first day starts a new month is labelled with it, as GitHub does; the partial month of
  // the first column is labelled only when the next label is far enough away not to crowd it.
  const monthOf = (col: number) => calendar(firstMonday + col * 7).month;
  const labelled = Array.from({ length: 12 }, (_, col) => col).filter(
    (col) => col === 0 || monthOf(col) !== monthOf(col - 1),
  );
  if (labelled.length > 1 && (labelled[1] ?? 0) < 3) labelled.shift();
  for (const col of labelled) {
    out.push(text(gridX + col * pitch, box.y + 62, copy.month(monthOf(col)), { size: 12, fill: C.faint }));
  }
  for (let col = 0; col < 12; col++) {
    const monday = firstMonday + col * 7;
    for (let row = 0; row < 7; row++) {
      const day = monday + row;
      if (day > today) continue;
      const x = gridX + col * pitch;
      const y = gridY + row * pitch;
      const fill = C.heat[level(reviewsByDay.get(day) ?? 0)] ?? C.heat[0];
      const outline = day === today ? ` stroke="${C.text}" stroke-width="1.5"` : '';
      out.push(rect(x, y, cell, cell, fill, 4, outline));
    }
  }

  if (total <= 0)
    out.push(
      emptyNote(gridX + (11 * pitch + cell) / 2, gridY + (6 * pitch + cell) / 2, copy.noData, metrics),
    );

  // Footer: active days on the left, the intensity legend on the right.
  const footY = box.y + box.h - 20;
  out.push(text(box.x + PAD, footY, copy.activeDays(ctx.fmt(activeDays)), { size: 12, fill: C.muted }));
  const right = box.x + box.w - PAD;
  const moreWidth = metrics.width(copy.more, 12, false);
  const swatch = 11;
  const swatchPitch = 14;
  const swatchesEnd = right - moreWidth - 6;
  const swatchesStart = swatchesEnd - (4 * swatchPitch + swatch);
  out.push(text(right, footY, copy.more, { size: 12, fill: C.faint, anchor: 'end' }));
  C.heat.forEach((fill, i) => {
    out.push(rect(swatchesStart + i * swatchPitch, footY - 10, swatch, swatch, fill, 3));
  });
  out.push(text(swatchesStart - 6, footY, copy.less, { size: 12, fill: C.faint, anchor: 'end' }));
  return out.join('\n');
}

function forecast(ctx: Ctx, box: Box): string {
  const { copy, data, today } = ctx;
  const dueByDay = new Map<number, number>();
  for (const entry of data.dueForecast) {
    const day = dayNumber(entry?.date);
    if (day === null || day < today || day >= today + 14) continue;
    dueByDay.set(day, (dueByDay.get(day) ?? 0) + count(entry.due));
  }
  const days = Array.from({ length: 14 }, (_, i) => today + i);
  const values = days.map((day) => dueByDay.get(day) ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  const max = Math.max(0, ...values);

  const out = [panel(box, copy.forecast, copy.dueTotal(ctx.fmt(total)))];
  const left = box.x + PAD;
  const width = box.w - 2 * PAD;
  const pitch = width / 14;
  const barWidth = 14;
  const baseY = box.y + box.h - 60;
  const topY = box.y + 76;
  const maxHeight = baseY - topY;

  // Every bar gets its count when the counts fit their columns; otherwise only today's and the highest.
  const fitsColumns = values.every((value) => ctx.metrics.width(ctx.fmtShort(value), 12, true) <= pitch - 3);
  const peak = values.indexOf(max);
  const labelled = new Set(fitsColumns ? values.keys() : [0, peak]);

  out.push(line(left, baseY + 0.5, left + width, baseY + 0.5, C.grid));
  days.forEach((day, i) => {
    const value = values[i] ?? 0;
    const cx = left + i * pitch + pitch / 2;
    const isToday = i === 0;
    if (value > 0 && max > 0) {
      const h = Math.max(3, (value / max) * maxHeight);
      out.push(topRoundedBar(cx - barWidth / 2, baseY - h, barWidth, h, isToday ? C.accentSoft : C.accent));
      if (labelled.has(i)) {
        out.push(
          text(cx, baseY - h - 6, ctx.fmtShort(value), {
            size: 12,
            fill: isToday ? C.text : C.muted,
            bold: isToday,
            anchor: 'middle',
          }),
        );
      }
    } else {
      out.push(rect(cx - barWidth / 2, baseY - 2, barWidth, 2, C.grid, 1));
    }
    const cal = calendar(day);
    const tint = isToday ? C.text : cal.weekday === 5 ? C.saturday : cal.weekday === 6 ? C.sunday : C.faint;
    out.push(
      text(cx, baseY + 18, String(cal.day), { size: 12, fill: tint, bold: isToday, anchor: 'middle' }),
    );
    out.push(
      text(cx, baseY + 34, copy.weekdays[cal.weekday] ?? '', {
        size: 12,
        fill: tint,
        bold: isToday,
        anchor: 'middle',
      }),
    );
  });
  if (total <= 0) out.push(emptyNote(left + width / 2, topY + maxHeight / 2, copy.nothingDue, ctx.metrics));
  return out.join('\n');
}

function topRoundedBar(x: number, y: number, w: number, h: number, fill: string): string {
  const r = Math.min(4, w / 2, h);
  return `<path d="M${n(x)} ${n(y + h)}V${n(y + r)}Q${n(x)} ${n(y)} ${n(x + r)} ${n(y)}H${n(x + w - r)}Q${n(x + w)} ${n(y)} ${n(x + w)} ${n(y + r)}V${n(y + h)}Z" fill="${fill}"/>`;
}

function retention(ctx: Ctx, box: Box): string {
  const { copy, data, today } = ctx;
  const byDay = new Map<number, { reviewed: number; recalled: number }>();
  let reviewed = 0;
  let recalled = 0;
  for (const entry of data.retention) {
    const day = dayNumber(entry?.date);
    if (day === null || day > today || day <= today - 30) continue;
    const r = count(entry.reviewed);
    const k = Math.min(r, count(entry.recalled));
    const prev = byDay.get(day) ?? { reviewed: 0, recalled: 0 };
    byDay.set(day, { reviewed: prev.reviewed + r, recalled: prev.recalled + k });
    reviewed += r;
    recalled += k;
  }
  const points: { daysAgo: number; value: number }[] = [];
  for (let daysAgo = 29; daysAgo >= 0; daysAgo--) {
    const day = byDay.get(today - daysAgo);
    if (day && day.reviewed > 0) points.push({ daysAgo, value: day.recalled / day.reviewed });
  }

  const out = [panel(box, copy.retention)];
  const figureValue = ratio(data.figures?.retention30d);
  const percent = new Intl.NumberFormat(copy.intl, { style: 'percent', maximumFractionDigits: 0 });
  out.push(
    figureValue === null
      ? figure(box.x + PAD, box.y + 96, '—', { size: 44, fill: C.grid, maxWidth: 200, metrics: ctx.metrics })
      : figure(box.x + PAD, box.y + 96, percent.format(figureValue), {
          size: 44,
          fill: C.retention,
          maxWidth: 200,
          metrics: ctx.metrics,
        }),
  );
  const caption = reviewed > 0 ? copy.recalledOf(ctx.fmt(recalled), ctx.fmt(reviewed)) : copy.retentionHint;
  out.push(text(box.x + PAD, box.y + 126, caption, { size: 13, fill: C.muted }));

  // Plot area.
  const plotLeft = box.x + 260;
  const plotRight = box.x + box.w - PAD;
  const plotTop = box.y + 26;
  const plotBottom = box.y + box.h - 42;
  const lowest = Math.min(1, ...points.map((p) => p.value), figureValue ?? 1);
  const lo = Math.min(0.8, Math.max(0, Math.floor((lowest - 0.05) * 10) / 10));
  const xOf = (daysAgo: number) => plotRight - (daysAgo / 29) * (plotRight - plotLeft);
  const yOf = (value: number) => plotBottom - ((value - lo) / (1 - lo)) * (plotBottom - plotTop);
  const percentLabel = new Intl.NumberFormat(copy.intl, { style: 'percent', maximumFractionDigits: 0 });

  for (const tick of [lo, (lo + 1) / 2, 1]) {
    const y = Math.round(yOf(tick)) + 0.5;
    out.push(line(plotLeft, y, plotRight, y, C.grid, tick === lo ? '' : ' stroke-dasharray="3 4"'));
    out.push(
      text(plotLeft - 10, y + 4, percentLabel.format(tick), { size: 12, fill: C.faint, anchor: 'end' }),
    );
  }
  for (const daysAgo of [28, 21, 14, 7, 0]) {
    const cal = calendar(today - daysAgo);
    const label = daysAgo === 0 ? copy.today : copy.shortDate(cal.month, cal.day);
    out.push(
      text(xOf(daysAgo), plotBottom + 20, label, {
        size: 12,
        fill: daysAgo === 0 ? C.muted : C.faint,
        anchor: daysAgo === 0 ? 'end' : 'middle',
      }),
    );
  }

  if (points.length === 0) {
    out.push(emptyNote((plotLeft + plotRight) / 2, (plotTop + plotBottom) / 2, copy.noData, ctx.metrics));
    return out.join('\n');
  }

  // Consecutive days form a run; a day without reviews breaks the line rather than being drawn as 0 %.
  const runs: { daysAgo: number; value: number }[][] = [];
  for (const point of points) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    if (run && previous && previous.daysAgo - point.daysAgo === 1) run.push(point);
    else runs.push([point]);
  }
  for (const run of runs) {
    const first = run[0];
    const last = run.at(-1);
    if (!first || !last || run.length < 2) continue;
    const path = run.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(xOf(p.daysAgo))} ${n(yOf(p.value))}`).join('');
    out.push(
      `<path d="${path}L${n(xOf(last.daysAgo))} ${n(plotBottom)}L${n(xOf(first.daysAgo))} ${n(plotBottom)}Z" fill="url(#retention-fill)"/>`,
    );
    out.push(
      `<path d="${path}" fill="none" stroke="${C.retention}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`,
    );
  }
  for (const p of points) {
    out.push(
      `<circle cx="${n(xOf(p.daysAgo))}" cy="${n(yOf(p.value))}" r="3" fill="${C.panel}" stroke="${C.retention}" stroke-width="2"/>`,
    );
  }
  return out.join('\n');
}

function sidePanel(ctx: Ctx, box: Box): string {
  const { copy, data } = ctx;
  const f = data.figures ?? ({} as Partial<StatsCardData['figures']>);
  const dueToday = count(f.dueToday);
  const current = count(f.currentStreak);
  const best = Math.max(current, count(f.bestStreak));
  const items = [
    { label: copy.newItems, value: count(f.newItems), color: C.newItems },
    { label: copy.learning, value: count(f.learning), color: C.learning },
    { label: copy.review, value: count(f.review), color: C.review },
  ];
  const totalReviews = count(f.totalReviews);

  const left = box.x + PAD;
  const right = box.x + box.w - PAD;
  const inner = right - left;
  const divider = (y: number) => line(left, y + 0.5, right, y + 0.5, C.grid);
  const out = [rect(box.x, box.y, box.w, box.h, C.panel, 12)];

  // Due today.
  out.push(text(left, box.y + 34, copy.dueToday, { size: 14, bold: true, fill: C.muted }));
  const big = (value: number, unit: string, size: number, fill: string, maxWidth: number) => ({
    value: ctx.fmt(value),
    o: { size, fill, unit, maxWidth, metrics: ctx.metrics },
  });
  const due = big(dueToday, copy.itemsUnit(dueToday), 44, C.text, inner);
  out.push(figure(left, box.y + 86, due.value, due.o));
  if (dueToday === 0 && totalReviews > 0)
    out.push(text(left, box.y + 110, copy.allCaughtUp, { size: 12, fill: C.review }));
  out.push(divider(box.y + 126));

  // Streaks.
  const half = left + inner / 2 + 4;
  out.push(text(left, box.y + 156, copy.currentStreak, { size: 13, fill: C.muted }));
  out.push(text(half, box.y + 156, copy.bestStreak, { size: 13, fill: C.muted }));
  const streak = big(current, copy.daysUnit(current), 28, current > 0 ? C.learning : C.text, half - left - 8);
  const record = big(best, copy.daysUnit(best), 28, C.text, right - half);
  out.push(figure(left, box.y + 190, streak.value, streak.o));
  out.push(figure(half, box.y + 190, record.value, record.o));
  out.push(divider(box.y + 212));

  // Items by state: a stacked bar and a legend with counts.
  out.push(text(left, box.y + 242, copy.items, { size: 13, fill: C.muted }));
  const itemsTotal = items.reduce((a, b) => a + b.value, 0);
  out.push(
    text(right, box.y + 242, copy.itemsTotal(ctx.fmt(itemsTotal)), {
      size: 13,
      fill: C.faint,
      anchor: 'end',
    }),
  );
  const barY = box.y + 256;
  out.push(rect(left, barY, inner, 10, C.heat[0], 5));
  if (itemsTotal > 0) {
    out.push(
      `<clipPath id="items-bar"><rect x="${n(left)}" y="${n(barY)}" width="${n(inner)}" height="10" rx="5"/></clipPath>`,
    );
    out.push('<g clip-path="url(#items-bar)">');
    let x = left;
    for (const item of items) {
      const w = (item.value / itemsTotal) * inner;
      if (w > 0) out.push(rect(x, barY, w, 10, item.color));
      x += w;
    }
    out.push('</g>');
  }
  items.forEach((item, i) => {
    const y = box.y + 294 + i * 26;
    out.push(`<circle cx="${n(left + 5)}" cy="${n(y - 4.5)}" r="5" fill="${item.color}"/>`);
    out.push(text(left + 18, y, item.label, { size: 14, fill: C.text }));
    out.push(text(right, y, ctx.fmt(item.value), { size: 14, bold: true, fill: C.text, anchor: 'end' }));
  });
  out.push(divider(box.y + 364));

  // Total reviews.
  out.push(text(left, box.y + 394, copy.totalReviews, { size: 13, fill: C.muted }));
  const reviews = big(totalReviews, copy.timesUnit(totalReviews), 28, C.text, inner);
  out.push(figure(left, box.y + 430, reviews.value, reviews.o));
  return out.join('\n');
}
