import type { Widen } from './types.js';

/** The group quiz: the posts in the channel and the private answers to each press. */
export const quizKo = {
  'quiz.started-title': '퀴즈를 시작해요!',
  'quiz.started': (p: { host: string; count: number; seconds: number; deck: string }) =>
    `${p.host} 님이 퀴즈를 열었어요. **${p.deck}** · ${p.count}문제 · 문제마다 ${p.seconds}초\n버튼으로 답하세요. 한 문제에 한 번만 답할 수 있고, 정답은 시간이 끝나면 공개돼요.`,
  'quiz.all-decks': '모든 덱',
  'quiz.question-title': (p: { n: number; total: number }) => `퀴즈 ${p.n}/${p.total}`,
  'quiz.ends': (p: { when: string }) => `마감 ${p.when}`,
  'quiz.question-footer': '한 사람당 한 번 · 정답은 시간이 끝나면 공개',
  'quiz.reveal-title': (p: { n: number; total: number }) => `퀴즈 ${p.n}/${p.total} · 정답 공개`,
  'quiz.right-answer': '정답',
  'quiz.why-wrong': '오답인 이유',
  'quiz.who-right': (p: { count: number }) => `맞힌 사람 (${p.count})`,
  'quiz.nobody-right': '아무도 맞히지 못했어요.',
  'quiz.tally': (p: { answered: number; right: number }) => `${p.answered}명 응답 · ${p.right}명 정답`,
  'quiz.scoreboard-title': '퀴즈 결과',
  'quiz.score-line': (p: { rank: number; user: string; points: number; answered: number }) =>
    `**${p.rank}.** ${p.user} · ${p.points}점 (${p.answered}문제 응답)`,
  'quiz.no-answers': '아무도 답하지 않았어요.',
  'quiz.scoreboard-footer': '맞힌 문제마다 1점 · 동점이면 마지막 정답을 먼저 낸 사람이 앞서요',
  'quiz.recorded': (p: { letter: string }) =>
    `**${p.letter}**(으)로 답했어요. 정답은 시간이 끝나면 공개돼요. 이 답은 내 복습 일정에도 반영돼요.`,
  'quiz.already-answered': '이 문제에는 이미 답했어요. 한 문제에 한 번만 답할 수 있어요.',
  'quiz.time-up': '이 문제는 시간이 끝났어요.',
  'quiz.missing': '이 퀴즈를 찾을 수 없어요.',
  'quiz.already-running': '이 채널에서 이미 퀴즈가 진행 중이에요. 끝난 뒤에 새로 시작해 주세요.',
  'quiz.no-questions': '이 덱에는 퀴즈로 낼 상황 문제나 객관식 문제가 없어요.',
  'quiz.cannot-post': '이 채널에 메시지를 올릴 수 없어서 퀴즈를 멈췄어요.',
} as const;

export const quizEn: Widen<typeof quizKo> = {
  'quiz.started-title': 'Quiz time!',
  'quiz.started': (p) =>
    `${p.host} started a quiz. **${p.deck}** · ${p.count} question(s) · ${p.seconds} s each\nAnswer with the buttons: one answer per question; the answer is revealed when time is up.`,
  'quiz.all-decks': 'All decks',
  'quiz.question-title': (p) => `Quiz ${p.n}/${p.total}`,
  'quiz.ends': (p) => `Ends ${p.when}`,
  'quiz.question-footer': 'One answer each · revealed when time is up',
  'quiz.reveal-title': (p) => `Quiz ${p.n}/${p.total} · Answer`,
  'quiz.right-answer': 'Right answer',
  'quiz.why-wrong': 'Why the others are wrong',
  'quiz.who-right': (p) => `Got it right (${p.count})`,
  'quiz.nobody-right': 'Nobody got it right.',
  'quiz.tally': (p) => `${p.answered} answered · ${p.right} right`,
  'quiz.scoreboard-title': 'Quiz results',
  'quiz.score-line': (p) => `**${p.rank}.** ${p.user} · ${p.points} pt (${p.answered} answered)`,
  'quiz.no-answers': 'Nobody answered.',
  'quiz.scoreboard-footer': 'One point per right answer · ties go to whoever reached the score first',
  'quiz.recorded': (p) =>
    `You answered **${p.letter}**. The answer is revealed when time is up; this also counts in your own review schedule.`,
  'quiz.already-answered': 'You already answered this question: one answer per question.',
  'quiz.time-up': 'Time is up for this question.',
  'quiz.missing': 'I cannot find this quiz.',
  'quiz.already-running': 'A quiz is already running in this channel. Start a new one when it is over.',
  'quiz.no-questions': 'This deck has no scenario or multiple-choice questions for a quiz.',
  'quiz.cannot-post': 'I cannot post in this channel, so the quiz stopped.',
};
