/**
 * Every string a member reads, in Korean (first) and English. Keys are typed: a message missing in English is a
 * compile error.
 */

export type Locale = 'ko' | 'en';

const ko = {
  'error.unexpected': '앗, 처리하는 중에 문제가 생겼어요. 잠시 후 다시 시도해 주세요.',
  'error.database-unavailable': '지금은 기록을 저장할 수 없어요. 잠시 후 다시 시도해 주세요.',
  'error.malformed-id': '이 버튼은 알아볼 수 없어요. `/study`로 새로 시작해 주세요.',
  'error.not-owner': '다른 사람의 학습 화면이에요. 내 복습은 `/study`로 시작하세요.',
  'error.stale': '이 화면은 이미 지나갔어요. 가장 최근 메시지의 버튼을 눌러 주세요.',
  'error.finished': '이 세션은 끝났어요. `/study`로 새 세션을 시작하세요.',
  'error.session-missing': '이 세션을 찾을 수 없어요. `/study`로 새로 시작해 주세요.',
  'error.nothing-to-undo': '되돌릴 답이 없어요.',
  'error.unknown-deck': (p: { deck: string }) =>
    `\`${p.deck}\`라는 덱은 없어요. \`/decks\`로 목록을 확인하세요.`,
  'error.input-too-long': (p: { max: number }) => `입력이 너무 길어요 (최대 ${p.max}자).`,
  'error.unknown-command': '알 수 없는 명령이에요.',
  'error.guild-only': '이 명령은 서버에서만 쓸 수 있어요.',
  'error.admin-only': '이 명령은 서버 관리 권한이 있는 사람만 쓸 수 있어요.',
  'study.nothing-due': '지금 복습할 항목이 없어요. 🎉',
  'study.next-due': (p: { when: string }) => `다음 복습: ${p.when}`,
  'study.new-limit-reached': (p: { limit: number }) => `오늘의 새 항목 한도(${p.limit}개)를 다 채웠어요.`,
  'study.show-answer': '정답 보기',
  'study.type-answer': '답 입력하기',
  'study.next': '다음',
  'study.undo': '되돌리기',
  'study.end': '그만하기',
  'study.reset-order': '다시 고르기',
  'study.continue': '계속 복습하기',
  'study.start': '복습 시작',
  'study.rating.1': '다시',
  'study.rating.2': '어려움',
  'study.rating.3': '알맞음',
  'study.rating.4': '쉬움',
  'study.kind.flashcard': '플래시카드',
  'study.kind.multiple_choice': '객관식',
  'study.kind.scenario': '상황 문제',
  'study.kind.ordering': '순서 맞추기',
  'study.kind.cloze': '빈칸 채우기',
  'study.answer': '정답',
  'study.explanation': '설명',
  'study.source': '출처',
  'study.beyond-notes': '노트 밖 참고',
  'study.correct': '✅ 정답이에요!',
  'study.wrong': '❌ 아쉬워요.',
  'study.nearly': '🟡 거의 맞았어요. 이웃한 두 단계가 바뀌었어요.',
  'study.your-choice': '내 선택',
  'study.right-choice': '정답',
  'study.your-order': '내 순서',
  'study.right-order': '올바른 순서',
  'study.your-answer': '내 답',
  'study.order-so-far': '지금까지 고른 순서',
  'study.order-pick': '다음 단계를 고르세요.',
  'study.cloze-modal-title': '빈칸 채우기',
  'study.cloze-label': '빈칸에 들어갈 말',
  'study.previous': (p: { rating: string; interval: string }) =>
    `방금 답: ${p.rating} → ${p.interval} 뒤에 다시`,
  'study.rated': (p: { rating: string; when: string }) => `${p.rating} · 다음 복습 ${p.when}`,
  'study.summary-title': '세션 완료',
  'study.summary-answered': '답한 항목',
  'study.summary-correct': '맞힌 항목',
  'study.summary-time': '걸린 시간',
  'study.summary-next': '다음 복습',
  'study.summary-none': '예정된 복습 없음',
  'study.summary-more': (p: { count: number }) => `아직 ${p.count}개가 남아 있어요.`,
  'study.summary-ended': '세션을 마쳤어요.',
  'study.retired-skipped': '더 이상 제공되지 않는 항목은 건너뛰었어요.',
  'decks.title': '덱 목록',
  'decks.line': (p: { total: number; fresh: number; learning: number; due: number }) =>
    `전체 ${p.total} · 새 항목 ${p.fresh} · 학습 중 ${p.learning} · 오늘 복습 ${p.due}`,
  'decks.empty': '아직 덱이 없어요.',
  'settings.title': '내 설정',
  'settings.language': '언어',
  'settings.language-auto': '자동 (Discord 언어)',
  'settings.daily-new': '하루 새 항목 수',
  'settings.retention': '목표 기억률',
  'settings.timezone': '시간대',
  'settings.leaderboard': '리더보드 표시',
  'settings.shown': '표시함',
  'settings.hidden': '숨김',
  'settings.saved': '설정을 저장했어요.',
  'settings.bad-timezone': (p: { zone: string }) =>
    `\`${p.zone}\`는 알 수 없는 시간대예요. 예: Asia/Seoul, Europe/Berlin`,
  'settings.bad-retention': '목표 기억률은 0.70에서 0.97 사이여야 해요.',
  'settings.bad-daily-new': '하루 새 항목 수는 0에서 200 사이여야 해요.',
  'duration.seconds': (p: { n: number }) => `${p.n}초`,
  'duration.minutes': (p: { m: number; s: number }) => (p.s > 0 ? `${p.m}분 ${p.s}초` : `${p.m}분`),
} as const;

type Catalog = typeof ko;
export type MessageKey = keyof Catalog;
type Params<K extends MessageKey> = Catalog[K] extends (p: infer P) => string ? [P] : [];
type Widen<T> = { [K in keyof T]: T[K] extends (p: infer P) => string ? (p: P) => string : string };

const en: Widen<Catalog> = {
  'error.unexpected': 'Something went wrong while handling that. Please try again in a moment.',
  'error.database-unavailable': 'I cannot save anything right now. Please try again in a moment.',
  'error.malformed-id': 'I do not recognise this button. Start again with `/study`.',
  'error.not-owner': "This is someone else's study screen. Start your own with `/study`.",
  'error.stale': 'This screen has moved on. Use the buttons on the latest message.',
  'error.finished': 'This session is over. Start a new one with `/study`.',
  'error.session-missing': 'I cannot find this session. Start again with `/study`.',
  'error.nothing-to-undo': 'There is no answer to undo.',
  'error.unknown-deck': (p) => `There is no deck called \`${p.deck}\`. See \`/decks\` for the list.`,
  'error.input-too-long': (p) => `That is too long (at most ${p.max} characters).`,
  'error.unknown-command': 'Unknown command.',
  'error.guild-only': 'This command only works in a server.',
  'error.admin-only': 'Only members who can manage the server may use this command.',
  'study.nothing-due': 'Nothing to review right now. 🎉',
  'study.next-due': (p) => `Next review: ${p.when}`,
  'study.new-limit-reached': (p) => `You have met today's limit of ${p.limit} new items.`,
  'study.show-answer': 'Show answer',
  'study.type-answer': 'Type answer',
  'study.next': 'Next',
  'study.undo': 'Undo',
  'study.end': 'End',
  'study.reset-order': 'Start over',
  'study.continue': 'Keep reviewing',
  'study.start': 'Start review',
  'study.rating.1': 'Again',
  'study.rating.2': 'Hard',
  'study.rating.3': 'Good',
  'study.rating.4': 'Easy',
  'study.kind.flashcard': 'Flashcard',
  'study.kind.multiple_choice': 'Multiple choice',
  'study.kind.scenario': 'Scenario',
  'study.kind.ordering': 'Ordering',
  'study.kind.cloze': 'Fill the gap',
  'study.answer': 'Answer',
  'study.explanation': 'Explanation',
  'study.source': 'Source',
  'study.beyond-notes': 'Beyond the notes',
  'study.correct': '✅ Correct!',
  'study.wrong': '❌ Not quite.',
  'study.nearly': '🟡 Nearly: two neighbouring steps are swapped.',
  'study.your-choice': 'Your choice',
  'study.right-choice': 'Right answer',
  'study.your-order': 'Your order',
  'study.right-order': 'Right order',
  'study.your-answer': 'Your answer',
  'study.order-so-far': 'Your order so far',
  'study.order-pick': 'Pick the next step.',
  'study.cloze-modal-title': 'Fill the gap',
  'study.cloze-label': 'The missing word',
  'study.previous': (p) => `Last answer: ${p.rating} → again in ${p.interval}`,
  'study.rated': (p) => `${p.rating} · next review ${p.when}`,
  'study.summary-title': 'Session complete',
  'study.summary-answered': 'Answered',
  'study.summary-correct': 'Correct',
  'study.summary-time': 'Time spent',
  'study.summary-next': 'Next review',
  'study.summary-none': 'Nothing scheduled',
  'study.summary-more': (p) => `${p.count} more waiting.`,
  'study.summary-ended': 'Session ended.',
  'study.retired-skipped': 'Skipped items that are no longer served.',
  'decks.title': 'Decks',
  'decks.line': (p) => `${p.total} items · ${p.fresh} new · ${p.learning} learning · ${p.due} due today`,
  'decks.empty': 'There are no decks yet.',
  'settings.title': 'Your settings',
  'settings.language': 'Language',
  'settings.language-auto': 'Automatic (Discord language)',
  'settings.daily-new': 'New items per day',
  'settings.retention': 'Target retention',
  'settings.timezone': 'Time zone',
  'settings.leaderboard': 'On leaderboards',
  'settings.shown': 'Shown',
  'settings.hidden': 'Hidden',
  'settings.saved': 'Settings saved.',
  'settings.bad-timezone': (p) =>
    `\`${p.zone}\` is not a known time zone. Examples: Asia/Seoul, Europe/Berlin`,
  'settings.bad-retention': 'Target retention must be between 0.70 and 0.97.',
  'settings.bad-daily-new': 'New items per day must be between 0 and 200.',
  'duration.seconds': (p) => `${p.n}s`,
  'duration.minutes': (p) => (p.s > 0 ? `${p.m}m ${p.s}s` : `${p.m}m`),
};

const catalogs: Record<Locale, Widen<Catalog>> = { ko, en };

/** The text of `key` in `locale`. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...params: Params<K>): string {
  const entry = catalogs[locale][key] as string | ((p: unknown) => string);
  return typeof entry === 'function' ? entry(params[0]) : entry;
}

/**
 * The member's language: their override, else Korean for a Korean client and English for an English one. Other
 * locales get Korean, the group's first language.
 */
export function resolveLocale(override: Locale | null, discordLocale: string | null | undefined): Locale {
  if (override) return override;
  if (discordLocale?.startsWith('en')) return 'en';
  return 'ko';
}

export function formatDuration(locale: Locale, ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return t(locale, 'duration.seconds', { n: totalSeconds });
  return t(locale, 'duration.minutes', { m: Math.floor(totalSeconds / 60), s: totalSeconds % 60 });
}

/** Discord renders `<t:unix:R>` as a relative time in each reader's own language and zone. */
export function discordTimestamp(instant: Date, style: 'R' | 'f' | 'F' | 't' = 'R'): string {
  return `<t:${Math.floor(instant.getTime() / 1000)}:${style}>`;
}
