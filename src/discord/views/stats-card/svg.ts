/**
 * A small SVG toolkit for the `/stats` card: the theme, text and shapes as attribute-safe strings. Everything drawn
 * passes through `count()`/`ratio()`/`n()`, so no `NaN`, `Infinity` or `undefined` reaches an attribute, and every
 * piece of text through `escapeXml()`.
 */

/** What the renderer knows about the card font; `approximateMetrics` stands in when the font is not at hand. */
export interface TextMetrics {
  /** Advance width in px of `value` set at `size` px. */
  width(value: string, size: number, bold: boolean): number;
  /** Whether the font has a glyph for this code point. */
  canRender(codePoint: number): boolean;
}

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

export const C = {
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

/** A non-negative finite number, or 0. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** A number in 0..1, or null. */
export function ratio(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.min(1, Math.max(0, value));
}

/** A coordinate or length for an attribute: finite, at most two decimals. */
export function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0';
}

/** Drops what XML 1.0 forbids: C0 controls other than tab/newline/CR, lone surrogates, U+FFFE and U+FFFF. */
export function stripInvalidXml(value: string): string {
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

export function escapeXml(value: string): string {
  return stripInvalidXml(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface TextOptions {
  size: number;
  fill: string;
  bold?: boolean;
  anchor?: 'start' | 'middle' | 'end';
}

export function text(x: number, y: number, value: string, o: TextOptions): string {
  const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
  const weight = o.bold ? ' font-weight="700"' : '';
  return `<text x="${n(x)}" y="${n(y)}" font-size="${o.size}"${weight} fill="${o.fill}"${anchor}>${escapeXml(value)}</text>`;
}

export interface FigureOptions {
  size: number;
  fill: string;
  /** Set smaller and muted after the number. */
  unit?: string;
  /** The number shrinks (down to 16 px) until number and unit fit. */
  maxWidth: number;
  metrics: TextMetrics;
}

/** A big number followed by a smaller unit on the same baseline. */
export function figure(x: number, y: number, value: string, o: FigureOptions): string {
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

export function rect(x: number, y: number, w: number, h: number, fill: string, r = 0, extra = ''): string {
  const rounded = r > 0 ? ` rx="${n(r)}"` : '';
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, w))}" height="${n(Math.max(0, h))}"${rounded} fill="${fill}"${extra}/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, extra = ''): string {
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="1"${extra}/>`;
}

export function topRoundedBar(x: number, y: number, w: number, h: number, fill: string): string {
  const r = Math.min(4, w / 2, h);
  return `<path d="M${n(x)} ${n(y + h)}V${n(y + r)}Q${n(x)} ${n(y)} ${n(x + r)} ${n(y)}H${n(x + w - r)}Q${n(x + w)} ${n(y)} ${n(x + w)} ${n(y + r)}V${n(y + h)}Z" fill="${fill}"/>`;
}
