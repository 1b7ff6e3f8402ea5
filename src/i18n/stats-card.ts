import type { Locale } from './messages.js';

/** The words on the `/stats` card, in Korean and English: labels, units and the dates it writes. */
export interface StatsCardCopy {
  intl: string;
  subtitle: string;
  activity: string;
  forecast: string;
  retention: string;
  dueToday: string;
  currentStreak: string;
  bestStreak: string;
  items: string;
  newItems: string;
  learning: string;
  review: string;
  totalReviews: string;
  noData: string;
  nothingDue: string;
  retentionHint: string;
  allCaughtUp: string;
  less: string;
  more: string;
  today: string;
  fallbackName: string;
  /** Monday first. */
  weekdays: readonly [string, string, string, string, string, string, string];
  /** Labels for the heatmap rows, Monday first; empty rows stay unlabelled. */
  heatmapRows: readonly string[];
  month(month: number): string;
  shortDate(month: number, day: number): string;
  /** Units set smaller after a big figure. */
  daysUnit(n: number): string;
  itemsUnit(n: number): string;
  timesUnit(n: number): string;
  activeDays(n: string): string;
  reviewsTotal(n: string): string;
  dueTotal(n: string): string;
  itemsTotal(n: string): string;
  recalledOf(recalled: string, reviewed: string): string;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const STATS_CARD_COPY: Record<Locale, StatsCardCopy> = {
  ko: {
    intl: 'ko-KR',
    subtitle: '복습 통계',
    activity: '최근 12주 활동',
    forecast: '앞으로 14일',
    retention: '30일 기억률',
    dueToday: '오늘 복습할 항목',
    currentStreak: '연속 학습',
    bestStreak: '최고 기록',
    items: '항목 현황',
    newItems: '새 항목',
    learning: '학습 중',
    review: '복습',
    totalReviews: '총 복습',
    noData: '아직 데이터가 없어요',
    nothingDue: '예정된 복습이 없어요',
    retentionHint: '복습 기록이 쌓이면 보여 드려요',
    allCaughtUp: '오늘 복습을 모두 마쳤어요',
    less: '적음',
    more: '많음',
    today: '오늘',
    fallbackName: '학습자',
    weekdays: ['월', '화', '수', '목', '금', '토', '일'],
    heatmapRows: ['월', '', '수', '', '금', '', ''],
    month: (m) => `${m}월`,
    shortDate: (m, d) => `${m}/${d}`,
    daysUnit: () => '일',
    itemsUnit: () => '개',
    timesUnit: () => '회',
    activeDays: (n) => `복습한 날 ${n}일`,
    reviewsTotal: (n) => `총 ${n}회`,
    dueTotal: (n) => `총 ${n}개`,
    itemsTotal: (n) => `${n}개`,
    recalledOf: (recalled, reviewed) => `${reviewed}회 중 ${recalled}회 기억`,
  },
  en: {
    intl: 'en-US',
    subtitle: 'Study stats',
    activity: 'Last 12 weeks',
    forecast: 'Next 14 days',
    retention: '30-day retention',
    dueToday: 'Due today',
    currentStreak: 'Current streak',
    bestStreak: 'Best streak',
    items: 'Items',
    newItems: 'New',
    learning: 'Learning',
    review: 'Review',
    totalReviews: 'Total reviews',
    noData: 'No data yet',
    nothingDue: 'Nothing due',
    retentionHint: 'Appears once you have reviews',
    allCaughtUp: 'All caught up for today',
    less: 'Less',
    more: 'More',
    today: 'Today',
    fallbackName: 'Learner',
    weekdays: ['M', 'T', 'W', 'T', 'F', 'S', 'S'],
    heatmapRows: ['Mon', '', 'Wed', '', 'Fri', '', ''],
    month: (m) => MONTHS_EN[m - 1] ?? '',
    shortDate: (m, d) => `${MONTHS_EN[m - 1] ?? ''} ${d}`,
    daysUnit: (n) => (n === 1 ? 'day' : 'days'),
    itemsUnit: (n) => (n === 1 ? 'item' : 'items'),
    timesUnit: () => '',
    activeDays: (n) => `${n} active ${n === '1' ? 'day' : 'days'}`,
    reviewsTotal: (n) => `${n} ${n === '1' ? 'review' : 'reviews'}`,
    dueTotal: (n) => `${n} due`,
    itemsTotal: (n) => `${n} ${n === '1' ? 'item' : 'items'}`,
    recalledOf: (recalled, reviewed) => `${recalled} of ${reviewed} recalled`,
  },
};
