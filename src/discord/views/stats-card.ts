import { readFileSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { projectPath } from '../../project-files.js';
import type { StatsCardData } from '../../services/stats.js';
import { buildStatsCardSvg, CARD_FONT_FAMILY } from './stats-card/card.js';
import type { TextMetrics } from './stats-card/svg.js';

/**
 * The `/stats` card as a PNG, rendered in-process by resvg.
 *
 * resvg draws text only with fonts it is given, and the bot's container has no CJK font, so the card ships its
 * own: Pretendard (SIL OFL 1.1, see `assets/fonts/Pretendard-LICENSE.txt`), Regular and Bold, unmodified —
 * 'Pretendard' is a Reserved Font Name, so a subset could not keep the name. System fonts are never loaded,
 * which keeps the output the same on every machine.
 */

export { CARD_HEIGHT, CARD_WIDTH } from './stats-card/card.js';

export const STATS_CARD_FONT_FILES = {
  regular: projectPath('assets', 'fonts', 'Pretendard-Regular.otf'),
  bold: projectPath('assets', 'fonts', 'Pretendard-Bold.otf'),
} as const;

let cachedOptions: ResvgRenderOptions | undefined;

/** resvg options with only the card's fonts; built once. */
export function statsCardResvgOptions(): ResvgRenderOptions {
  cachedOptions ??= {
    font: {
      fontFiles: [STATS_CARD_FONT_FILES.regular, STATS_CARD_FONT_FILES.bold],
      loadSystemFonts: false,
      defaultFontFamily: CARD_FONT_FAMILY,
      sansSerifFamily: CARD_FONT_FAMILY,
    },
    fitTo: { mode: 'original' },
    textRendering: 1,
    shapeRendering: 2,
    logLevel: 'off',
  };
  return cachedOptions;
}

export function renderStatsCardSvg(data: StatsCardData): string {
  return buildStatsCardSvg(data, cardFontMetrics());
}

/** PNG bytes of the card. Synchronous, typically a few tens of milliseconds. */
export function renderStatsCard(data: StatsCardData): Buffer {
  return renderSvgToPng(renderStatsCardSvg(data));
}

/** Any SVG rendered with the card's fonts (and no others). */
export function renderSvgToPng(svg: string): Buffer {
  return new Resvg(svg, statsCardResvgOptions()).render().asPng();
}

// ---------------------------------------------------------------------------------------------------------
// Font metrics: which code points the font covers, and their advance widths. Read from the font's `cmap`,
// `head`, `hhea` and `hmtx` tables once, so names can be fitted and characters the font lacks (emoji, Han)
// can be dropped instead of drawn as the font's missing-glyph box.

let cachedMetrics: TextMetrics | undefined;

export function cardFontMetrics(): TextMetrics {
  if (!cachedMetrics) {
    const regular = readFontMetrics(readFileSync(STATS_CARD_FONT_FILES.regular));
    const bold = readFontMetrics(readFileSync(STATS_CARD_FONT_FILES.bold));
    cachedMetrics = {
      width(value, size, isBold) {
        const font = isBold ? bold : regular;
        let units = 0;
        for (const ch of value) units += font.advance(ch.codePointAt(0) ?? 0);
        return (units / font.unitsPerEm) * size;
      },
      canRender: (codePoint) => regular.has(codePoint) && bold.has(codePoint),
    };
  }
  return cachedMetrics;
}

interface FontMetrics {
  unitsPerEm: number;
  has(codePoint: number): boolean;
  /** Advance in font units; 0 for a code point the font lacks. */
  advance(codePoint: number): number;
}

/** A minimal reader of an OpenType/TrueType file's character map and horizontal metrics. */
export function readFontMetrics(font: Buffer): FontMetrics {
  const tables = new Map<string, number>();
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`font has no '${tag}' table`);
    return offset;
  };

  const unitsPerEm = font.readUInt16BE(table('head') + 18);
  const numberOfHMetrics = font.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphs = readCmap(font, table('cmap'));
  const advanceOf = (glyph: number) => font.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  return {
    unitsPerEm,
    has: (codePoint) => (glyphs.get(codePoint) ?? 0) !== 0,
    advance: (codePoint) => {
      const glyph = glyphs.get(codePoint);
      return glyph ? advanceOf(glyph) : 0;
    },
  };
}

/** Code point → glyph id, from the best Unicode subtable (format 12 if present, else format 4). */
function readCmap(font: Buffer, cmap: number): Map<number, number> {
  const subtables: { platform: number; encoding: number; offset: number; format: number }[] = [];
  const count = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + i * 8;
    const offset = cmap + font.readUInt32BE(record + 4);
    subtables.push({
      platform: font.readUInt16BE(record),
      encoding: font.readUInt16BE(record + 2),
      offset,
      format: font.readUInt16BE(offset),
    });
  }
  const unicode = (s: { platform: number; encoding: number }) =>
    s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10));
  const map = new Map<number, number>();
  const full = subtables.find((s) => unicode(s) && s.format === 12);
  if (full) {
    const groups = font.readUInt32BE(full.offset + 12);
    for (let g = 0; g < groups; g++) {
      const at = full.offset + 16 + g * 12;
      const start = font.readUInt32BE(at);
      const end = font.readUInt32BE(at + 4);
      const glyph = font.readUInt32BE(at + 8);
      for (let c = start; c <= end; c++) map.set(c, glyph + (c - start));
    }
    return map;
  }
  const bmp = subtables.find((s) => unicode(s) && s.format === 4);
  if (!bmp) throw new Error('font has no Unicode cmap subtable');
  const base = bmp.offset;
  const segments = font.readUInt16BE(base + 6) / 2;
  const endCodes = base + 14;
  const startCodes = endCodes + segments * 2 + 2;
  const idDeltas = startCodes + segments * 2;
  const idRangeOffsets = idDeltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = font.readUInt16BE(endCodes + s * 2);
    const start = font.readUInt16BE(startCodes + s * 2);
    const delta = font.readInt16BE(idDeltas + s * 2);
    const rangeOffsetAt = idRangeOffsets + s * 2;
    const rangeOffset = font.readUInt16BE(rangeOffsetAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const raw = font.readUInt16BE(rangeOffsetAt + rangeOffset + (c - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
  return map;
}
