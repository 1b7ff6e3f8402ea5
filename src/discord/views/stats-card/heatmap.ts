import { addDays, calendarOf, isLocalDate } from '../../../domain/local-time.js';
import { type Box, type Ctx, emptyNote, PAD, panel } from './frame.js';
import { C, count, rect, text } from './svg.js';

/** Twelve weeks of reviews as a GitHub-style grid, Monday to Sunday, with active days and a legend. */
export function heatmap(ctx: Ctx, box: Box): string {
  const { copy, data, metrics, today } = ctx;
  const reviewsByDay = new Map<string, number>();
  let total = 0;
  let activeDays = 0;
  for (const entry of data.activity) {
    const day = entry?.date;
    if (!isLocalDate(day)) continue;
    const reviews = count(entry.reviews);
    reviewsByDay.set(day, (reviewsByDay.get(day) ?? 0) + reviews);
    total += reviews;
  }
  for (const reviews of reviewsByDay.values()) if (reviews > 0) activeDays += 1;

  // Twelve week columns, Monday to Sunday; the last column is this week, whose later days are still to come.
  const thisMonday = addDays(today, -calendarOf(today).weekday);
  const firstMonday = addDays(thisMonday, -11 * 7);
  const shown: number[] = [];
  for (let day = firstMonday; day <= today; day = addDays(day, 1)) shown.push(reviewsByDay.get(day) ?? 0);
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
  const monthOf = (col: number) => calendarOf(addDays(firstMonday, col * 7)).month;
  const labelled = Array.from({ length: 12 }, (_, col) => col).filter(
    (col) => col === 0 || monthOf(col) !== monthOf(col - 1),
  );
  if (labelled.length > 1 && (labelled[1] ?? 0) < 3) labelled.shift();
  for (const col of labelled) {
    out.push(text(gridX + col * pitch, box.y + 62, copy.month(monthOf(col)), { size: 12, fill: C.faint }));
  }
  for (let col = 0; col < 12; col++) {
    const monday = addDays(firstMonday, col * 7);
    for (let row = 0; row < 7; row++) {
      const day = addDays(monday, row);
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
