import { STATS_CARD_COPY } from '../../../i18n/stats-card.js';
import type { StatsCardData } from '../../../services/stats.js';
import { forecast } from './forecast.js';
import type { Ctx } from './frame.js';
import { header } from './header.js';
import { heatmap } from './heatmap.js';
import { retention } from './retention.js';
import { sidePanel } from './side-panel.js';
import { approximateMetrics, C, rect, type TextMetrics } from './svg.js';

/**
 * The `/stats` card as an SVG string: pure layout, no I/O and no clock (the day it is drawn for comes in the data).
 * `stats-card.ts` supplies the font's metrics (for truncation and legend placement, and to drop characters the font
 * has no glyph for) and turns the SVG into a PNG with resvg. One file per panel beside this one.
 */

export const CARD_WIDTH = 1000;
export const CARD_HEIGHT = 560;
export const CARD_FONT_FAMILY = 'Pretendard';

export function buildStatsCardSvg(data: StatsCardData, metrics: TextMetrics = approximateMetrics): string {
  const copy = STATS_CARD_COPY[data.locale === 'en' ? 'en' : 'ko'];
  const num = new Intl.NumberFormat(copy.intl, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(copy.intl, { notation: 'compact', maximumFractionDigits: 1 });
  const fmt = (value: number) => num.format(Math.round(value));
  /** Short enough for a 22 px wide bar column. */
  const fmtShort = (value: number) => (value >= 1000 ? compact.format(value) : fmt(value));
  const ctx: Ctx = { data, copy, metrics, today: data.today, fmt, fmtShort };

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
