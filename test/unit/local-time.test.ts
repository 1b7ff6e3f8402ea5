import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  isLocalDate,
  isValidTimeZone,
  localDate,
  mondayWeekStart,
  nextReminderAt,
  parseLocalTime,
  previousWeekRange,
  reminderLocalDay,
  startOfLocalDay,
} from '../../src/domain/local-time.js';

const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall clock of `instant` in `zone` read straight from Intl, independently of the code under test. */
function wallOf(instant: Date, zone: string): { date: string; hour: number; minute: number; wallMs: number } {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value);
  const [year, month, day] = [get('year'), get('month'), get('day')];
  const [hour, minute, second] = [get('hour'), get('minute'), get('second')];
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { date, hour, minute, wallMs: Date.UTC(year, month - 1, day, hour, minute, second) };
}

function offsetMinutes(instant: number, zone: string): number {
  const { wallMs } = wallOf(new Date(instant), zone);
  return Math.round((wallMs - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** `count` successive firings, each computed from the previous one. */
function firings(p: { hour: number; minute: number; zone: string; from: string; count: number }): Date[] {
  const result: Date[] = [];
  let after = new Date(p.from);
  for (let i = 0; i < p.count; i += 1) {
    after = nextReminderAt({ hour: p.hour, minute: p.minute, zone: p.zone, after });
    result.push(after);
  }
  return result;
}

const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString());

describe('isValidTimeZone', () => {
  it('accepts IANA names, including UTC and the Etc/GMT offsets', () => {
    for (const zone of ['Asia/Seoul', 'America/New_York', 'Europe/Berlin', 'UTC', 'Etc/UTC', 'Etc/GMT-9']) {
      expect(isValidTimeZone(zone), zone).toBe(true);
    }
  });

  it('rejects empty strings, offset spellings, unknown names and padded names', () => {
    for (const zone of [
      '',
      'UTC+9',
      'GMT+9',
      '+09:00',
      '-05:00',
      'KST+9',
      'Asia/Nowhere',
      ' Asia/Seoul',
      'Seoul',
    ]) {
      expect(isValidTimeZone(zone), JSON.stringify(zone)).toBe(false);
    }
  });
});

describe('parseLocalTime', () => {
  it('accepts HH:MM and H:MM on the 24-hour clock', () => {
    expect(parseLocalTime('09:30')).toEqual({ hour: 9, minute: 30 });
    expect(parseLocalTime('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseLocalTime('00:00')).toEqual({ hour: 0, minute: 0 });
    expect(parseLocalTime('23:59')).toEqual({ hour: 23, minute: 59 });
  });

  it('tolerates a full-width colon, full-width digits and surrounding spaces from a Korean IME', () => {
    expect(parseLocalTime('21：00')).toEqual({ hour: 21, minute: 0 });
    expect(parseLocalTime('  7:45 ')).toEqual({ hour: 7, minute: 45 });
    expect(parseLocalTime('\u3000０９：３０\u3000')).toEqual({ hour: 9, minute: 30 });
  });

  it('rejects out-of-range and malformed times', () => {
    for (const text of [
      '24:00',
      '9:60',
      '9',
      'abc',
      '',
      '9:5',
      '123:00',
      '-1:00',
      '9:00pm',
      '9 : 00',
      '09:00:00',
    ]) {
      expect(parseLocalTime(text), JSON.stringify(text)).toBeNull();
    }
  });
});

describe('localDate', () => {
  it('gives the calendar date on the wall clock of the zone', () => {
    const instant = new Date('2026-03-01T15:30:00Z');
    expect(localDate(instant, 'Asia/Seoul')).toBe('2026-03-02');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-03-01');
    expect(localDate(instant, 'America/New_York')).toBe('2026-03-01');
    expect(localDate(instant, 'UTC')).toBe('2026-03-01');
  });

  // Offsets are kept per quarter hour: every instant must still read as Intl reads it, the milliseconds either
  // side of an offset change above all, in any order of asking.
  it('reads each instant as Intl does, either side of offset changes, in any order', () => {
    const zones = [
      'America/New_York',
      'Europe/Berlin',
      'Australia/Lord_Howe', // changes by half an hour
      'America/St_Johns', // changed at 00:01 local until 2011, off the quarter hours
      'Pacific/Apia', // skipped a whole day
      'America/Sao_Paulo', // fell back across midnight
      'Asia/Kathmandu',
      'Asia/Seoul',
    ];
    const changes = zones.flatMap((zone) => {
      const found: { zone: string; at: number }[] = [];
      // Hour by hour over years with changes of each kind, then down to the millisecond of each change.
      for (let t = Date.UTC(2008, 0, 1); t < Date.UTC(2013, 0, 1); t += HOUR_MS) {
        if (offsetMinutes(t, zone) === offsetMinutes(t + HOUR_MS, zone)) continue;
        let [before, after] = [t, t + HOUR_MS];
        while (after - before > 1) {
          const mid = Math.floor((before + after) / 2);
          if (offsetMinutes(mid, zone) === offsetMinutes(t, zone)) before = mid;
          else after = mid;
        }
        found.push({ zone, at: after });
      }
      return found;
    });
    expect(changes.length).toBeGreaterThan(40);
    const instants = fc.tuple(
      fc.constantFrom(...changes),
      fc.constantFrom(-HOUR_MS, -60_000, -1, 0, 1, 60_000, HOUR_MS),
      fc.integer({ min: -2 * HOUR_MS, max: 2 * HOUR_MS }),
    );
    fc.assert(
      fc.property(fc.array(instants, { minLength: 1, maxLength: 20 }), (asked) => {
        for (const [change, edge, anywhere] of asked) {
          for (const at of [change.at + edge, change.at + anywhere]) {
            expect(localDate(new Date(at), change.zone)).toBe(wallOf(new Date(at), change.zone).date);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('throws on an unknown zone or an invalid Date', () => {
    expect(() => localDate(new Date('2026-03-01T00:00:00Z'), 'UTC+9')).toThrow(RangeError);
    expect(() => localDate(new Date(Number.NaN), 'Asia/Seoul')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('does calendar arithmetic across month, year and leap-day boundaries', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-08', 0)).toBe('2026-03-08');
    expect(addDays('2026-03-01', 365)).toBe('2027-03-01');
  });

  it('rejects malformed dates and fractional days', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-3-1', 1)).toThrow(RangeError);
    expect(() => addDays('2026-03-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0000-01-01', -1)).toThrow(RangeError);
  });

  // The arithmetic runs on Date's UTC calendar; luxon's calendar, which it replaced, is the reference.
  it('agrees with luxon on every four-digit year, and on what is a date', () => {
    const luxonDate = (ms: number) => DateTime.fromMillis(ms, { zone: 'utc' }).toISODate() as string;
    const first = Date.parse('0000-01-01T00:00:00Z');
    const last = Date.parse('9999-12-31T00:00:00Z');
    const days = (last - first) / 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: days }), fc.integer({ min: -800, max: 800 }), (day, n) => {
        const date = luxonDate(first + day * 86_400_000);
        const expected = DateTime.fromISO(date, { zone: 'utc' }).plus({ days: n });
        if (expected.year < 0 || expected.year > 9999) expect(() => addDays(date, n)).toThrow(RangeError);
        else expect(addDays(date, n)).toBe(expected.toISODate());
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const byLuxon = DateTime.fromISO(text, { zone: 'utc' }).toISODate() === text;
          expect(isLocalDate(text)).toBe(byLuxon);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('startOfLocalDay', () => {
  it('is local midnight as an instant', () => {
    expect(startOfLocalDay('2026-03-02', 'Asia/Seoul').toISOString()).toBe('2026-03-01T15:00:00.000Z');
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('is the first instant of the day when midnight itself is skipped (America/Santiago, 2026-09-06)', () => {
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(start.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(localDate(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
    expect(localDate(start, 'America/Santiago')).toBe('2026-09-06');
  });
});

describe('nextReminderAt', () => {
  it('fires once per local day at 09:00 in Asia/Seoul for ten days', () => {
    const result = firings({
      hour: 9,
      minute: 0,
      zone: 'Asia/Seoul',
      from: '2026-04-01T00:00:00Z',
      count: 10,
    });
    expect(iso(result)).toEqual(
      Array.from({ length: 10 }, (_, i) => `2026-04-${String(i + 2).padStart(2, '0')}T00:00:00.000Z`),
    );
    expect(result.map((at) => reminderLocalDay(at, 'Asia/Seoul'))).toEqual(
      Array.from({ length: 10 }, (_, i) => `2026-04-${String(i + 2).padStart(2, '0')}`),
    );
  });

  it('returns an instant strictly after `after`, even when `after` is exactly a firing', () => {
    const firing = new Date('2026-04-02T00:00:00Z');
    const next = nextReminderAt({ hour: 9, minute: 0, zone: 'Asia/Seoul', after: firing });
    expect(next.toISOString()).toBe('2026-04-03T00:00:00.000Z');
    const justBefore = new Date(firing.getTime() - 1);
    expect(nextReminderAt({ hour: 9, minute: 0, zone: 'Asia/Seoul', after: justBefore })).toEqual(firing);
  });

  it('fires at 09:00 local on every day across the America/New_York DST start (2026-03-08)', () => {
    const result = firings({
      hour: 9,
      minute: 0,
      zone: 'America/New_York',
      from: '2026-03-05T00:00:00Z',
      count: 6,
    });
    expect(iso(result)).toEqual([
      '2026-03-05T14:00:00.000Z',
      '2026-03-06T14:00:00.000Z',
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
      '2026-03-10T13:00:00.000Z',
    ]);
    for (const at of result) expect(wallOf(at, 'America/New_York')).toMatchObject({ hour: 9, minute: 0 });
  });

  it('fires at 09:00 local on every day across the America/New_York DST end (2026-11-01)', () => {
    const result = firings({
      hour: 9,
      minute: 0,
      zone: 'America/New_York',
      from: '2026-10-29T00:00:00Z',
      count: 6,
    });
    expect(iso(result)).toEqual([
      '2026-10-29T13:00:00.000Z',
      '2026-10-30T13:00:00.000Z',
      '2026-10-31T13:00:00.000Z',
      '2026-11-01T14:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
      '2026-11-03T14:00:00.000Z',
    ]);
    for (const at of result) expect(wallOf(at, 'America/New_York')).toMatchObject({ hour: 9, minute: 0 });
  });

  it('fires once, right after the gap, for 02:30 America/New_York on 2026-03-08 when 02:30 does not exist', () => {
    const result = firings({
      hour: 2,
      minute: 30,
      zone: 'America/New_York',
      from: '2026-03-07T00:00:00Z',
      count: 3,
    });
    expect(iso(result)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT, the instant the clock jumps past 02:30
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
    expect(result.map((at) => reminderLocalDay(at, 'America/New_York'))).toEqual([
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
    ]);
  });

  it('fires once, at the first occurrence, for 01:30 America/New_York on 2026-11-01 when 01:30 happens twice', () => {
    const result = firings({
      hour: 1,
      minute: 30,
      zone: 'America/New_York',
      from: '2026-10-31T00:00:00Z',
      count: 3,
    });
    expect(iso(result)).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 06:30Z (01:30 EST) is skipped
      '2026-11-02T06:30:00.000Z',
    ]);
    // Between the two occurrences the next firing is already tomorrow's.
    const between = new Date('2026-11-01T06:00:00Z');
    expect(
      nextReminderAt({ hour: 1, minute: 30, zone: 'America/New_York', after: between }).toISOString(),
    ).toBe('2026-11-02T06:30:00.000Z');
  });

  it('handles Europe/Berlin at 09:00 and inside its gap and overlap (2026-03-29, 2026-10-25)', () => {
    expect(
      iso(firings({ hour: 9, minute: 0, zone: 'Europe/Berlin', from: '2026-03-28T00:00:00Z', count: 2 })),
    ).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z']);
    expect(
      iso(firings({ hour: 9, minute: 0, zone: 'Europe/Berlin', from: '2026-10-24T00:00:00Z', count: 2 })),
    ).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z']);
    // 02:30 does not exist on 2026-03-29: fires at 03:00 CEST.
    expect(
      iso(firings({ hour: 2, minute: 30, zone: 'Europe/Berlin', from: '2026-03-28T12:00:00Z', count: 2 })),
    ).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    // 02:30 happens twice on 2026-10-25: fires at the first (CEST) one only.
    expect(
      iso(firings({ hour: 2, minute: 30, zone: 'Europe/Berlin', from: '2026-10-24T12:00:00Z', count: 2 })),
    ).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('gives no firing for a local day the zone skipped entirely (Pacific/Apia, 2011-12-30)', () => {
    const result = firings({
      hour: 9,
      minute: 0,
      zone: 'Pacific/Apia',
      from: '2011-12-28T00:00:00Z',
      count: 3,
    });
    expect(result.map((at) => reminderLocalDay(at, 'Pacific/Apia'))).toEqual([
      '2011-12-28',
      '2011-12-29',
      '2011-12-31',
    ]);
  });

  it('reschedules to the next 09:00 of the new zone when a member changes zone', () => {
    // Fired at 09:00 Seoul (00:00Z); at 03:00Z the member moves. Computing from now with the new zone
    // gives that zone's next 09:00, even when it is still the same calendar day there.
    const now = new Date('2026-05-10T03:00:00Z');
    expect(nextReminderAt({ hour: 9, minute: 0, zone: 'Europe/Berlin', after: now }).toISOString()).toBe(
      '2026-05-10T07:00:00.000Z',
    );
    expect(nextReminderAt({ hour: 9, minute: 0, zone: 'America/New_York', after: now }).toISOString()).toBe(
      '2026-05-10T13:00:00.000Z',
    );
    // Moving back east where 09:00 has already passed today waits for tomorrow.
    const later = new Date('2026-05-10T08:00:00Z');
    expect(nextReminderAt({ hour: 9, minute: 0, zone: 'Asia/Seoul', after: later }).toISOString()).toBe(
      '2026-05-11T00:00:00.000Z',
    );
  });

  it('rejects an unknown zone, an invalid time and an invalid `after`', () => {
    const after = new Date('2026-05-10T03:00:00Z');
    expect(() => nextReminderAt({ hour: 9, minute: 0, zone: 'UTC+9', after })).toThrow(RangeError);
    expect(() => nextReminderAt({ hour: 24, minute: 0, zone: 'UTC', after })).toThrow(RangeError);
    expect(() => nextReminderAt({ hour: 9, minute: 0.5, zone: 'UTC', after })).toThrow(RangeError);
    expect(() => nextReminderAt({ hour: 9, minute: 0, zone: 'UTC', after: new Date(Number.NaN) })).toThrow(
      RangeError,
    );
  });
});

describe('nextReminderAt properties', () => {
  const zones = [
    'Asia/Seoul',
    'America/New_York',
    'Europe/Berlin',
    'Europe/London',
    'America/Santiago', // DST changes at midnight
    'Australia/Lord_Howe', // 30-minute DST shift
    'Pacific/Chatham', // +12:45 / +13:45
    'America/St_Johns', // -03:30 / -02:30
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Africa/Casablanca', // DST suspended each Ramadan
    'UTC',
  ];
  const from = Date.UTC(2026, 0, 1);
  const to = Date.UTC(2028, 0, 1);

  /** Offset transitions of each zone in [from, to), found by daily sampling and bisection. */
  const transitions = zones.flatMap((zone) => {
    const found: { zone: string; at: number }[] = [];
    for (let t = from; t < to; t += 24 * HOUR_MS) {
      if (offsetMinutes(t, zone) === offsetMinutes(t + 24 * HOUR_MS, zone)) continue;
      let [lo, hi] = [t, t + 24 * HOUR_MS];
      while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2000) * 1000;
        if (offsetMinutes(mid, zone) === offsetMinutes(lo, zone)) lo = mid;
        else hi = mid;
      }
      found.push({ zone, at: hi });
    }
    return found;
  });

  function checkFiring(zone: string, hour: number, minute: number, after: Date): void {
    const firing = nextReminderAt({ hour, minute, zone, after });
    expect(firing.getTime()).toBeGreaterThan(after.getTime());

    const wall = wallOf(firing, zone);
    const target = Date.UTC(
      Number(wall.date.slice(0, 4)),
      Number(wall.date.slice(5, 7)) - 1,
      Number(wall.date.slice(8, 10)),
      hour,
      minute,
    );
    if (wall.hour !== hour || wall.minute !== minute) {
      // Only allowed in a gap: the firing is the transition instant the clock jumps past the target.
      expect(offsetMinutes(firing.getTime() - 1000, zone)).not.toBe(offsetMinutes(firing.getTime(), zone));
      expect(wallOf(new Date(firing.getTime() - 1000), zone).wallMs).toBeLessThan(target);
      expect(wall.wallMs).toBeGreaterThan(target);
    }
    // First occurrence: no earlier instant (by a 30- or 60-minute overlap) showed the same wall time.
    for (const back of [30, 60]) {
      expect(wallOf(new Date(firing.getTime() - back * 60_000), zone).wallMs).not.toBe(wall.wallMs);
    }
    // It is the first firing after `after`: walking the chain from well before reaches exactly it.
    let walk = nextReminderAt({ hour, minute, zone, after: new Date(after.getTime() - 50 * HOUR_MS) });
    while (walk.getTime() <= after.getTime()) walk = nextReminderAt({ hour, minute, zone, after: walk });
    expect(walk).toEqual(firing);
    // Feeding the firing back gives the next local day's firing (no zone here skips a day).
    const next = nextReminderAt({ hour, minute, zone, after: firing });
    expect(wallOf(next, zone).date).toBe(addDays(wall.date, 1));
    expect(reminderLocalDay(firing, zone)).toBe(wall.date);
  }

  it('fires after `after`, at the local time unless skipped, once per local day, for random inputs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: from, max: to }),
        (zone, hour, minute, afterMs) => checkFiring(zone, hour, minute, new Date(afterMs)),
      ),
      { numRuns: 300 },
    );
  });

  it('keeps those guarantees around every DST transition of 2026–2027', () => {
    expect(transitions.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(
        fc.constantFrom(...transitions),
        fc.oneof(
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 22, max: 23 }),
          fc.integer({ min: 0, max: 23 }),
        ),
        fc.constantFrom(0, 15, 30, 45, 59),
        fc.integer({ min: -36 * HOUR_MS, max: 36 * HOUR_MS }),
        ({ zone, at }, hour, minute, shift) => checkFiring(zone, hour, minute, new Date(at + shift)),
      ),
      { numRuns: 400 },
    );
  });
});

describe('weeks', () => {
  it('starts the week on Monday 00:00 local time', () => {
    // Thursday 2026-03-05 05:00 in Seoul → Monday 2026-03-02 00:00 KST.
    expect(mondayWeekStart(new Date('2026-03-04T20:00:00Z'), 'Asia/Seoul').toISOString()).toBe(
      '2026-03-01T15:00:00.000Z',
    );
    // Sunday 23:30 UTC is already Monday 00:30 in Berlin, so that Monday starts the week there.
    expect(mondayWeekStart(new Date('2026-03-01T23:30:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-01T23:00:00.000Z',
    );
    expect(mondayWeekStart(new Date('2026-03-01T23:30:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-02-23T05:00:00.000Z',
    );
    // Monday 00:00 is its own week start.
    const monday = new Date('2026-03-01T15:00:00Z');
    expect(mondayWeekStart(monday, 'Asia/Seoul')).toEqual(monday);
  });

  it('gives the previous Monday-to-Monday range, 167 hours long across a spring-forward', () => {
    const range = previousWeekRange(new Date('2026-03-10T12:00:00Z'), 'America/New_York');
    expect(range.start.toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(range.end.toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect((range.end.getTime() - range.start.getTime()) / HOUR_MS).toBe(167);
  });

  it('ends the previous week where the current one starts, 169 hours long across a fall-back', () => {
    const instant = new Date('2026-10-28T12:00:00Z'); // the week before contains the 2026-10-25 fall-back
    const range = previousWeekRange(instant, 'Europe/Berlin');
    expect(range.end).toEqual(mondayWeekStart(instant, 'Europe/Berlin'));
    expect(range.start).toEqual(mondayWeekStart(new Date(range.end.getTime() - 1), 'Europe/Berlin'));
    expect((range.end.getTime() - range.start.getTime()) / HOUR_MS).toBe(169);
  });
});
