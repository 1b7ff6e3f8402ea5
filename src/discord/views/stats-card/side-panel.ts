import type { StatsCardData } from '../../../services/stats.js';
import { type Box, type Ctx, PAD } from './frame.js';
import { C, count, figure, line, n, rect, text } from './svg.js';

/** The figures beside the charts: due today, streaks, items by state, total reviews. */
export function sidePanel(ctx: Ctx, box: Box): string {
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
