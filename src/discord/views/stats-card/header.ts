import type { StatsCardCopy } from '../../../i18n/stats-card.js';
import type { StatsCardData } from '../../../services/stats.js';
import type { Ctx } from './frame.js';
import { C, rect, stripInvalidXml, type TextMetrics, text } from './svg.js';

export function header(ctx: Ctx): string {
  const { copy, data, metrics } = ctx;
  const nameX = 80;
  const brand = 'boksup';
  const brandWidth = metrics.width(brand, 15, true);
  const name = fitName(data.displayName, metrics, 26, 976 - nameX - brandWidth - 40, copy.fallbackName);
  return [
    rect(24, 22, 42, 42, C.accent, 11),
    text(45, 51, '복', { size: 22, bold: true, fill: '#ffffff', anchor: 'middle' }),
    text(nameX, 46, name, { size: 26, bold: true, fill: C.text }),
    text(nameX, 68, `${copy.subtitle} · ${headerDate(data, copy)}`, { size: 13, fill: C.muted }),
    text(976, 46, brand, { size: 15, bold: true, fill: C.faint, anchor: 'end' }),
  ].join('\n');
}

/** The day the card was drawn, written out in the member's language and zone. */
function headerDate(data: StatsCardData, copy: StatsCardCopy): string {
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
  return new Intl.DateTimeFormat(copy.intl, { ...options, timeZone: 'UTC' }).format(
    new Date(`${data.today}T00:00:00Z`),
  );
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
