import { addDays, calendarOf, isLocalDate } from '../../../domain/local-time.js';
import { type Box, type Ctx, emptyNote, PAD, panel } from './frame.js';
import { C, count, figure, line, n, ratio, text } from './svg.js';

/** Retention over thirty days: the figure, and each day's share recalled as a line broken by days off. */
export function retention(ctx: Ctx, box: Box): string {
  const { copy, data, today } = ctx;
  const byDay = new Map<string, { reviewed: number; recalled: number }>();
  const start = addDays(today, -30);
  let reviewed = 0;
  let recalled = 0;
  for (const entry of data.retention) {
    const day = entry?.date;
    if (!isLocalDate(day) || day > today || day <= start) continue;
    const r = count(entry.reviewed);
    const k = Math.min(r, count(entry.recalled));
    const prev = byDay.get(day) ?? { reviewed: 0, recalled: 0 };
    byDay.set(day, { reviewed: prev.reviewed + r, recalled: prev.recalled + k });
    reviewed += r;
    recalled += k;
  }
  const points: { daysAgo: number; value: number }[] = [];
  for (let daysAgo = 29; daysAgo >= 0; daysAgo--) {
    const day = byDay.get(addDays(today, -daysAgo));
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
    const cal = calendarOf(addDays(today, -daysAgo));
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
