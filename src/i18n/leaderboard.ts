import type { Widen } from './types.js';

/** Leaderboards, the weekly post and /stats. */
export const leaderboardKo = {
  'leaderboard.title': (p: { period: string; metric: string }) => `🏆 ${p.period} 순위 · ${p.metric}`,
  'leaderboard.period.week': '이번 주',
  'leaderboard.period.month': '이번 달',
  'leaderboard.period.all': '전체 기간',
  'leaderboard.metric.xp': 'XP',
  'leaderboard.metric.streak': '연속 학습',
  'leaderboard.metric.accuracy': '정답률',
  'leaderboard.range': (p: { from: string; to: string; zone: string }) =>
    `${p.from} – ${p.to} (${p.zone} 기준)`,
  'leaderboard.range-all': '처음부터 지금까지',
  'leaderboard.row.xp': (p: { xp: string; answers: string }) => `${p.xp} XP · 답 ${p.answers}개`,
  'leaderboard.row.streak': (p: { days: string }) => `${p.days}일 연속`,
  'leaderboard.row.accuracy': (p: { percent: string; correct: string; answers: string }) =>
    `${p.percent}% (${p.correct}/${p.answers})`,
  'leaderboard.empty': '아직 순위에 오른 사람이 없어요. `/study`로 시작해 보세요!',
  'leaderboard.you': '내 순위',
  'leaderboard.you-ranked': (p: { rank: string; total: string; line: string }) =>
    `${p.total}명 중 **${p.rank}위** — ${p.line}`,
  'leaderboard.you-absent': '이 기간에는 아직 기록이 없어요.',
  'leaderboard.you-absent-streak': '지금 이어지고 있는 연속 학습이 없어요.',
  'leaderboard.you-below-minimum': (p: { answers: string; needed: string }) =>
    `정답률 순위에는 답이 ${p.needed}개 이상 필요해요 (지금 ${p.answers}개).`,
  'leaderboard.you-opted-out':
    '리더보드에서 나를 숨겼어요. `/settings`의 리더보드 옵션으로 다시 표시할 수 있어요.',
  'leaderboard.footer': '동점이면 답이 많은 사람, 그다음 먼저 도달한 사람이 앞서요.',
  'leaderboard.footer-accuracy': (p: { min: string }) =>
    `정답률은 답 ${p.min}개 이상부터 순위에 올라요. 동점이면 답이 많은 사람이 앞서요.`,
  'leaderboard.footer-streak':
    '연속 학습은 각자의 시간대로 세요. 동점이면 이 기간에 답이 많은 사람이 앞서요.',
  'leaderboard.weekly-title': (p: { from: string; to: string }) => `📅 지난주 리더보드 (${p.from} – ${p.to})`,
  'leaderboard.weekly-description':
    '지난 한 주 동안 XP를 가장 많이 모은 멤버들이에요. 이번 주도 함께 복습해요!',
  'stats.title': (p: { name: string }) => `📊 ${p.name}님의 학습 통계`,
  'stats.due-today': '오늘 복습할 항목',
  'stats.streak': '연속 학습',
  'stats.streak-value': (p: { current: string; best: string }) => `${p.current}일 (최고 ${p.best}일)`,
  'stats.items': '항목',
  'stats.items-value': (p: { fresh: string; learning: string; review: string }) =>
    `새 항목 ${p.fresh} · 학습 중 ${p.learning} · 복습 ${p.review}`,
  'stats.total-reviews': '총 복습',
  'stats.retention': '최근 30일 기억률',
  'stats.no-data': '아직 없음',
  'stats.private': '이 멤버는 리더보드에서 자신을 숨겨서 통계도 볼 수 없어요.',
  'stats.not-member': '이 서버에서 공부한 적이 없는 멤버예요.',
  'stats.only-you': '다른 멤버의 통계는 나에게만 보여요. 공개는 본인만 할 수 있어요.',
} as const;

export const leaderboardEn: Widen<typeof leaderboardKo> = {
  'leaderboard.title': (p) => `🏆 ${p.period} · ${p.metric}`,
  'leaderboard.period.week': 'This week',
  'leaderboard.period.month': 'This month',
  'leaderboard.period.all': 'All time',
  'leaderboard.metric.xp': 'XP',
  'leaderboard.metric.streak': 'Streak',
  'leaderboard.metric.accuracy': 'Accuracy',
  'leaderboard.range': (p) => `${p.from} – ${p.to} (${p.zone})`,
  'leaderboard.range-all': 'From the start until now',
  'leaderboard.row.xp': (p) => `${p.xp} XP · ${p.answers} ${p.answers === '1' ? 'answer' : 'answers'}`,
  'leaderboard.row.streak': (p) => `${p.days}-day streak`,
  'leaderboard.row.accuracy': (p) => `${p.percent}% (${p.correct}/${p.answers})`,
  'leaderboard.empty': 'Nobody is on the board yet. Start with `/study`!',
  'leaderboard.you': 'Your rank',
  'leaderboard.you-ranked': (p) => `**#${p.rank}** of ${p.total} — ${p.line}`,
  'leaderboard.you-absent': 'No answers from you in this period yet.',
  'leaderboard.you-absent-streak': 'You have no streak going right now.',
  'leaderboard.you-below-minimum': (p) =>
    `Accuracy is ranked from ${p.needed} answers (you have ${p.answers}).`,
  'leaderboard.you-opted-out':
    'You are hidden from leaderboards. Use the leaderboard option of `/settings` to show up again.',
  'leaderboard.footer': 'Ties: more answers first, then whoever got there first.',
  'leaderboard.footer-accuracy': (p) => `Accuracy is ranked from ${p.min} answers. Ties: more answers first.`,
  'leaderboard.footer-streak':
    "Streaks count each member's own days. Ties: more answers in this period first.",
  'leaderboard.weekly-title': (p) => `📅 Last week's leaderboard (${p.from} – ${p.to})`,
  'leaderboard.weekly-description': 'The members who earned the most XP last week. Keep it up this week!',
  'stats.title': (p) => `📊 ${p.name}'s study stats`,
  'stats.due-today': 'Due today',
  'stats.streak': 'Streak',
  'stats.streak-value': (p) => `${p.current} days (best ${p.best})`,
  'stats.items': 'Items',
  'stats.items-value': (p) => `New ${p.fresh} · Learning ${p.learning} · Review ${p.review}`,
  'stats.total-reviews': 'Total reviews',
  'stats.retention': 'Retention, last 30 days',
  'stats.no-data': 'None yet',
  'stats.private': 'This member hides from leaderboards, so their stats are private too.',
  'stats.not-member': 'This member has not studied in this server.',
  'stats.only-you': "Another member's stats are shown to you only; only they can share them.",
};
