import { addDays, calendarOf, isLocalDate } from '../../../domain/local-time.js';
import { type Box, type Ctx, emptyNote, PAD, panel } from './frame.js';
import { C, count, line, rect, text, topRoundedBar } from './svg.js';

/** The next fourteen days: items coming due each day, as bars labelled with their counts. */
export function forecast(ctx: Ctx, box: Box): string {
  const { copy, data, today } = ctx;
  const dueByDay = new Map<string, number>();
  const end = addDays(today, 14);
  for (const entry of data.dueForecast) {
    const day = entry?.date;
    if (!isLocalDate(day) || day < today || day >= end) continue;
    dueByDay.set(day, (dueByDay.get(day) ?? 0) + count(entry.due));
  }
  const days = Array.from({ length: 14 }, (_, i) => addDays(today, i));
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
    const cal = calendarOf(day);
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
