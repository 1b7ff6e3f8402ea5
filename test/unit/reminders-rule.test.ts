import { describe, expect, it } from 'vitest';
import { decideReminder } from '../../src/domain/reminders.js';

const today = '2026-03-10';

describe('decideReminder', () => {
  it('does not remind a member who already reviewed today, even with items due', () => {
    expect(decideReminder({ dueCount: 12, streak: { current: 4, lastDay: today }, today })).toEqual({
      send: false,
      reason: 'already-reviewed-today',
    });
  });

  it('treats a last review day after today (zone change) as reviewed today', () => {
    expect(decideReminder({ dueCount: 3, streak: { current: 4, lastDay: '2026-03-11' }, today })).toEqual({
      send: false,
      reason: 'already-reviewed-today',
    });
  });

  it('does not remind when nothing is due and there is no streak to lose', () => {
    expect(decideReminder({ dueCount: 0, streak: { current: 0, lastDay: null }, today })).toEqual({
      send: false,
      reason: 'nothing-due-and-streak-safe',
    });
  });

  it('does not remind when nothing is due and the stored streak has already lapsed', () => {
    expect(decideReminder({ dueCount: 0, streak: { current: 5, lastDay: '2026-03-07' }, today })).toEqual({
      send: false,
      reason: 'nothing-due-and-streak-safe',
    });
  });

  it('reminds when nothing is due but a living streak ends tonight without a review', () => {
    expect(decideReminder({ dueCount: 0, streak: { current: 4, lastDay: '2026-03-09' }, today })).toEqual({
      send: true,
      dueCount: 0,
      streak: 4,
      streakAtRisk: true,
    });
  });

  it('reminds about due items when there is no streak, without calling it at risk', () => {
    expect(decideReminder({ dueCount: 12, streak: { current: 0, lastDay: null }, today })).toEqual({
      send: true,
      dueCount: 12,
      streak: 0,
      streakAtRisk: false,
    });
  });

  it('reports a lapsed stored streak as 0 when reminding about due items', () => {
    expect(decideReminder({ dueCount: 2, streak: { current: 9, lastDay: '2026-03-01' }, today })).toEqual({
      send: true,
      dueCount: 2,
      streak: 0,
      streakAtRisk: false,
    });
  });

  it('reminds about due items with the streak at risk when the streak is alive', () => {
    expect(decideReminder({ dueCount: 5, streak: { current: 30, lastDay: '2026-03-09' }, today })).toEqual({
      send: true,
      dueCount: 5,
      streak: 30,
      streakAtRisk: true,
    });
  });
});

describe('reminders during a break', () => {
  const away = { from: '2026-03-03', until: '2026-03-10' };
  const streak = { current: 4, lastDay: '2026-03-02' };

  it('sends nothing while the member is away, and resumes on the day they are back', () => {
    expect(decideReminder({ dueCount: 30, streak, today: '2026-03-05', away })).toEqual({
      send: false,
      reason: 'away',
    });
    expect(decideReminder({ dueCount: 30, streak, today: '2026-03-10', away }).send).toBe(true);
  });
});
