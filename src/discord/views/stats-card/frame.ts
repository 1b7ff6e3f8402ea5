import type { StatsCardCopy } from '../../../i18n/stats-card.js';
import type { StatsCardData } from '../../../services/stats.js';
import { C, rect, type TextMetrics, text } from './svg.js';

/** What every panel of the card is drawn from, and the panel it is drawn in. */

export interface Ctx {
  data: StatsCardData;
  copy: StatsCardCopy;
  metrics: TextMetrics;
  /** The member's local today, 'YYYY-MM-DD'. */
  today: string;
  fmt(value: number): string;
  fmtShort(value: number): string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const PAD = 20;

export function panel(box: Box, title: string, aside?: string): string {
  const out = [
    rect(box.x, box.y, box.w, box.h, C.panel, 12),
    text(box.x + PAD, box.y + 34, title, { size: 16, bold: true, fill: C.text }),
  ];
  if (aside)
    out.push(text(box.x + box.w - PAD, box.y + 34, aside, { size: 13, fill: C.muted, anchor: 'end' }));
  return out.join('\n');
}

export function emptyNote(cx: number, cy: number, message: string, metrics: TextMetrics): string {
  const w = metrics.width(message, 13, false) + 28;
  return [
    rect(cx - w / 2, cy - 16, w, 30, C.background, 15, ' fill-opacity="0.85"'),
    text(cx, cy + 4, message, { size: 13, fill: C.muted, anchor: 'middle' }),
  ].join('\n');
}
