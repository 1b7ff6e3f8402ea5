import type { Widen } from './types.js';

/** What the bot learns from answers: the group's leeches, away mode, retention and workload. */
export const insightsKo = {
  'leeches.title': '🧩 우리 그룹이 자주 잊는 항목',
  'leeches.description': (p: { days: string }) =>
    `최근 ${p.days}일 동안 복습한 멤버 수 기준이에요 (답 개수가 아니라 사람 수). 다음 모임에서 다시 다룰 부분이나 고쳐야 할 문제를 고르는 데 쓰세요.`,
  'leeches.line': (p: {
    rank: string;
    headline: string;
    section: string;
    lapsed: string;
    members: string;
    gap: string;
  }) =>
    `**${p.rank}.** ${p.headline}\n　${p.section} · ${p.members}명 중 ${p.lapsed}명이 잊음 · 예측보다 ${p.gap}`,
  'leeches.gap-worse': (p: { points: string }) => `${p.points}%p 낮게 기억`,
  'leeches.gap-none': '예측과 비슷하게 기억',
  'leeches.empty': (p: { min: string }) =>
    `아직 충분한 기록이 없어요. 한 항목을 ${p.min}명 이상이 복습하면 여기에 나와요.`,
  'leeches.footer': '예측보다 훨씬 낮게 기억되는 항목은 어렵다기보다 문제가 모호할 수 있어요.',
  'stats.true-retention': '실제 기억률 (복습 단계, 30일)',
  'stats.true-retention-value': (p: { actual: string; target: string }) => `${p.actual} · 목표 ${p.target}`,
  'stats.workload': '앞으로 30일 복습량 (예상)',
  'stats.workload-value': (p: { average: string; peak: string; total: string }) =>
    `하루 평균 ${p.average}개 · 가장 많은 날 ${p.peak}개 · 모두 ${p.total}개`,
  'stats.schedule': '복습 간격',
  'stats.schedule.default': '기본 FSRS 설정',
  'stats.schedule.global': '모든 서버의 답으로 맞춘 설정',
  'stats.schedule.server': '이 서버 멤버들의 답으로 맞춘 설정',
  'stats.schedule.member': '내 답으로 맞춘 설정',
  'settings.away': '휴식',
  'settings.away-value': (p: { until: string }) => `${p.until}에 돌아와요 · 알림 없음 · 연속 학습 유지`,
  'settings.away-none': '쉬는 중 아님',
  'settings.bad-away-date': (p: { max: string }) =>
    `돌아올 날짜는 내일부터 ${p.max}일 안으로 YYYY-MM-DD 형식으로 적어 주세요. 바로 돌아오려면 off.`,
  'settings.learning-reset':
    '내 답으로 맞춘 복습 간격 설정을 지웠어요. 이제 서버(또는 기본) 설정으로 복습하고, 앞으로의 답만 다시 배워요.',
  'settings.learning-reset-none': '아직 내 답으로 맞춘 설정이 없었어요. 앞으로의 답만으로 다시 배워요.',
  'stats.streak-frozen': '휴식 중이라 연속 학습이 멈춰 있어요 🧊',
  'backlog.summary': (p: { due: string; cap: string; days: string }) =>
    `밀린 복습 ${p.due}개: 잊기 쉬운 것부터 하루 ${p.cap}개씩, 약 ${p.days}일이면 끝나요.`,
  'backlog.done-today': (p: { cap: string }) =>
    `오늘 몫의 밀린 복습 ${p.cap}개를 마쳤어요. 내일 이어서 해요!`,
  'leech.banner': '🧩 자꾸 잊는 항목이에요. 설명을 먼저 읽고 풀어 보세요.',
  'leech.suspended': '이 항목은 오늘 여러 번 놓쳐서 내일 다시 나와요.',
} as const;

export const insightsEn: Widen<typeof insightsKo> = {
  'leeches.title': '🧩 Items our group forgets most',
  'leeches.description': (p) =>
    `Counted in members who reviewed them over the last ${p.days} days (people, not answers). Use it to pick what to go over at the next meeting, or which item to fix.`,
  'leeches.line': (p) =>
    `**${p.rank}.** ${p.headline}\n　${p.section} · forgotten by ${p.lapsed} of ${p.members} members · ${p.gap}`,
  'leeches.gap-worse': (p) => `recalled ${p.points} points below prediction`,
  'leeches.gap-none': 'recalled about as predicted',
  'leeches.empty': (p) =>
    `Not enough history yet. An item shows here once ${p.min} or more members have reviewed it.`,
  'leeches.footer': 'An item recalled far below its prediction may be unclear rather than hard.',
  'stats.true-retention': 'True retention (learned items, 30 days)',
  'stats.true-retention-value': (p) => `${p.actual} · target ${p.target}`,
  'stats.workload': 'Next 30 days (forecast)',
  'stats.workload-value': (p) => `${p.average} a day on average · busiest day ${p.peak} · ${p.total} in all`,
  'stats.schedule': 'Review intervals',
  'stats.schedule.default': 'Default FSRS parameters',
  'stats.schedule.global': 'Tuned on answers from every server',
  'stats.schedule.server': 'Tuned on this server’s answers',
  'stats.schedule.member': 'Tuned on your own answers',
  'settings.away': 'Break',
  'settings.away-value': (p) => `Back on ${p.until} · no reminders · streak kept`,
  'settings.away-none': 'Not on a break',
  'settings.bad-away-date': (p) =>
    `Give the day you are back as YYYY-MM-DD, from tomorrow up to ${p.max} days ahead, or off to come back now.`,
  'settings.learning-reset':
    'Your own tuned review intervals are gone: you are scheduled with the server’s (or the default) parameters, and the bot learns again from your answers from now on.',
  'settings.learning-reset-none':
    'You had no tuned parameters of your own yet; the bot learns from your answers from now on.',
  'stats.streak-frozen': 'Streak frozen while on a break 🧊',
  'backlog.summary': (p) =>
    `${p.due} reviews piled up: the ones you are likeliest to forget first, ${p.cap} a day, about ${p.days} days.`,
  'backlog.done-today': (p) => `Today's ${p.cap} backlog reviews are done. More tomorrow!`,
  'leech.banner': '🧩 You keep forgetting this one. Read the explanation first, then answer.',
  'leech.suspended': 'Missed several times today: this item comes back tomorrow.',
};
