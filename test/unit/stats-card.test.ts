import { existsSync, statSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  cardFontMetrics,
  renderStatsCard,
  renderStatsCardSvg,
  renderSvgToPng,
  STATS_CARD_FONT_FILES,
  statsCardResvgOptions,
} from '../../src/discord/views/stats-card.js';
import type { StatsCardData } from '../../src/services/stats.js';

const DAY = 86_400_000;
const TODAY = Date.UTC(2025, 0, 15); // a Wednesday
const ymd = (offsetDays: number) => new Date(TODAY + offsetDays * DAY).toISOString().slice(0, 10);

/** A small deterministic generator, so the realistic card is the same on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function realisticCard(locale: 'ko' | 'en', displayName: string): StatsCardData {
  const next = random(7);
  return {
    locale,
    displayName,
    generatedAt: new Date('2025-01-15T09:30:00Z'),
    timezone: 'Asia/Seoul',
    today: ymd(0),
    activity: Array.from({ length: 84 }, (_, i) => ({
      date: ymd(i - 83),
      reviews: next() < 0.25 ? 0 : Math.round(next() * 60 + i / 2),
    })),
    dueForecast: Array.from({ length: 14 }, (_, i) => ({
      date: ymd(i),
      due: i === 0 ? 42 : Math.round(next() * 50),
    })),
    retention: Array.from({ length: 30 }, (_, i) => {
      const reviewed = next() < 0.15 ? 0 : Math.round(next() * 40 + 10);
      return { date: ymd(i - 29), reviewed, recalled: Math.round(reviewed * (0.75 + next() * 0.22)) };
    }),
    figures: {
      dueToday: 42,
      currentStreak: 12,
      bestStreak: 30,
      newItems: 120,
      learning: 15,
      review: 830,
      totalReviews: 12_345,
      retention30d: 0.874,
    },
  };
}

function emptyCard(): StatsCardData {
  return {
    locale: 'ko',
    displayName: '새로운 학습자',
    generatedAt: new Date('2025-01-15T09:30:00Z'),
    timezone: 'Asia/Seoul',
    today: ymd(0),
    activity: Array.from({ length: 84 }, (_, i) => ({ date: ymd(i - 83), reviews: 0 })),
    dueForecast: Array.from({ length: 14 }, (_, i) => ({ date: ymd(i), due: 0 })),
    retention: [],
    figures: {
      dueToday: 0,
      currentStreak: 0,
      bestStreak: 0,
      newItems: 0,
      learning: 0,
      review: 0,
      totalReviews: 0,
      retention30d: null,
    },
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Checks the PNG signature and reads the size from the IHDR chunk, which must come first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function expectCleanSvg(svg: string): void {
  expect(svg).not.toMatch(/NaN|undefined|Infinity|null/);
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
}

function expectSanePng(png: Buffer): void {
  expect(pngSize(png)).toEqual({ width: CARD_WIDTH, height: CARD_HEIGHT });
  expect(png.length).toBeGreaterThan(10 * 1024);
  expect(png.length).toBeLessThan(1024 * 1024);
}

const KOREAN_LABELS = [
  '오늘 복습할 항목',
  '연속 학습',
  '최고 기록',
  '새 항목',
  '학습 중',
  '복습',
  '총 복습',
  '최근 12주 활동',
  '앞으로 14일',
  '30일 기억률',
];

describe('stats card', () => {
  it('renders a realistic Korean card', () => {
    const data = realisticCard('ko', '김민준 복습왕');
    const svg = renderStatsCardSvg(data);
    expectCleanSvg(svg);
    for (const label of KOREAN_LABELS) expect(svg).toContain(label);
    expect(svg).toContain('김민준 복습왕');
    expect(svg).toContain('2025년 1월 15일 수요일');
    expect(svg).toContain('12,345');
    expect(svg).toContain('87%');
    // 7 × 12 heatmap, less this week's days still to come (today is a Wednesday: Thursday to Sunday).
    expect(svg.match(/<rect [^>]*width="18" height="18"/g)?.length).toBe(84 - 4);
    expectSanePng(renderStatsCard(data));
  });

  it('renders an empty card for a new member without broken charts', () => {
    const data = emptyCard();
    const svg = renderStatsCardSvg(data);
    expectCleanSvg(svg);
    for (const label of KOREAN_LABELS) expect(svg).toContain(label);
    expect(svg).toContain('아직 데이터가 없어요');
    expect(svg).toContain('예정된 복습이 없어요');
    expect(svg).not.toContain('<path d="M'); // no bars and no retention line
    expectSanePng(renderStatsCard(data));
  });

  it('renders in English', () => {
    const svg = renderStatsCardSvg(realisticCard('en', 'Alex'));
    expectCleanSvg(svg);
    for (const label of [
      'Due today',
      'Current streak',
      'Best streak',
      'New',
      'Learning',
      'Review',
      'Total reviews',
      'Last 12 weeks',
      'Next 14 days',
      '30-day retention',
      'Wednesday, January 15, 2025',
    ]) {
      expect(svg).toContain(label);
    }
    for (const label of KOREAN_LABELS) expect(svg).not.toContain(label);
    expectSanePng(renderStatsCard(realisticCard('en', 'Alex')));
  });

  it('escapes markup in the display name', () => {
    const svg = renderStatsCardSvg(realisticCard('ko', '<script>&"해커"\'</script>'));
    expect(svg).toContain('&lt;script&gt;&amp;&quot;해커&quot;&#39;&lt;/script&gt;');
    expect(svg).not.toContain('<script');
    expect(renderStatsCard(realisticCard('ko', '<script>&"x"')).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(
      true,
    );
  });

  it('drops characters the font cannot draw and shortens long names', () => {
    const svg = renderStatsCardSvg(realisticCard('ko', '민지 📚✨\u0007'));
    expect(svg).toContain('>민지</text>');
    expect(svg).not.toContain('📚');
    const onlyEmoji = renderStatsCardSvg(realisticCard('en', '🐣🐣'));
    expect(onlyEmoji).toContain('>Learner</text>');
    const long = renderStatsCardSvg(realisticCard('en', 'A'.repeat(200)));
    expect(long).toMatch(/>A+…<\/text>/);
  });

  it('survives malformed numbers, dates and zones without NaN', () => {
    const data = realisticCard('ko', '테스트');
    data.timezone = 'Not/AZone';
    data.activity = [
      { date: 'garbage', reviews: 5 },
      { date: '2025-02-30', reviews: Number.NaN },
    ];
    data.dueForecast = [{ date: ymd(0), due: Number.POSITIVE_INFINITY }];
    data.retention = [
      { date: ymd(-1), reviewed: 0, recalled: 5 },
      { date: ymd(-2), reviewed: -3, recalled: Number.NaN },
    ];
    data.figures = {
      dueToday: Number.NaN,
      currentStreak: -1,
      bestStreak: Number.POSITIVE_INFINITY,
      newItems: Number.NaN,
      learning: 0,
      review: 0,
      totalReviews: -5,
      retention30d: Number.NaN,
    };
    const svg = renderStatsCardSvg(data);
    expectCleanSvg(svg);
    expect(pngSize(renderStatsCard(data))).toEqual({ width: CARD_WIDTH, height: CARD_HEIGHT });
  });
});

describe('stats card font', () => {
  it('ships the font and its licence next to the module-relative path', () => {
    for (const file of Object.values(STATS_CARD_FONT_FILES)) {
      expect(file.replaceAll('\\', '/')).toMatch(/\/assets\/fonts\/Pretendard-(Regular|Bold)\.otf$/);
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).size).toBeLessThan(5 * 1024 * 1024);
    }
    expect(existsSync(new URL('../../assets/fonts/Pretendard-LICENSE.txt', import.meta.url))).toBe(true);
  });

  it('covers every Hangul syllable, and knows it has no emoji', () => {
    const metrics = cardFontMetrics();
    for (let cp = 0xac00; cp <= 0xd7a3; cp++) {
      if (!metrics.canRender(cp)) throw new Error(`no glyph for U+${cp.toString(16)}`);
    }
    expect(metrics.canRender('A'.codePointAt(0) ?? 0)).toBe(true);
    expect(metrics.canRender(0x1f4da)).toBe(false);
    expect(metrics.width('복습', 20, false)).toBeGreaterThan(30);
    expect(metrics.width('복습', 20, true)).toBeGreaterThan(metrics.width('ab', 20, true));
  });

  /** Renders `word` black on white and returns the RGBA pixels. */
  function pixels(word: string, options = statsCardResvgOptions()): Buffer {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80"><rect width="240" height="80" fill="#fff"/><text x="12" y="56" font-size="44" fill="#000">${word}</text></svg>`;
    return new Resvg(svg, options).render().pixels;
  }
  const darkPixels = (rgba: Buffer) => {
    let dark = 0;
    for (let i = 0; i < rgba.length; i += 4) if ((rgba[i] ?? 255) < 128) dark += 1;
    return dark;
  };

  it('draws Hangul glyphs, not empty space or missing-glyph boxes', () => {
    const boksup = pixels('복습');
    const giok = pixels('기억');
    expect(darkPixels(boksup)).toBeGreaterThan(300);
    expect(darkPixels(giok)).toBeGreaterThan(300);
    // Boxes for missing glyphs would look the same for any two words of the same length.
    expect(boksup.equals(giok)).toBe(false);
    const missing = '\u0e01\u0e02'; // Thai, which the font lacks: drawn as its missing-glyph box
    expect(cardFontMetrics().canRender(0x0e01)).toBe(false);
    expect(boksup.equals(pixels(missing))).toBe(false);
    // Without the shipped font (and no system fonts) the same text draws nothing at all.
    const withoutFont = pixels('복습', {
      font: { fontFiles: [], loadSystemFonts: false, defaultFontFamily: 'NoSuchFamily' },
    });
    expect(darkPixels(withoutFont)).toBe(0);
  });

  it('renders Hangul inside the card through renderSvgToPng', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="#fff"/><text x="6" y="42" font-size="32" fill="#000">한글</text></svg>`;
    expect(pngSize(renderSvgToPng(svg))).toEqual({ width: 120, height: 60 });
  });
});
