import type { CatalogItem } from '../content/catalog.js';
import {
  abandonQuiz,
  claimQuizAdvance,
  createQuiz,
  findQuiz,
  findQuizAnswers,
  findQuizzesEndingBy,
  setQuizMessage,
} from '../db/repositories/quiz.js';
import { findOrCreateUser } from '../db/repositories/users.js';
import type { Deps } from '../deps.js';
import {
  checkQuizTarget,
  isPressFromQuiz,
  planQuiz,
  type Quiz,
  type QuizAnswerRefusal,
  type QuizCandidate,
  type QuizPlace,
  type QuizScore,
  questionStartedAt,
  quizSettings,
  rankQuizScores,
  type StoredQuizAnswer,
} from '../domain/quiz.js';
import type { UserSettings } from '../domain/settings.js';
import type { Locale } from '../i18n/messages.js';
import { recordQuizAnswer } from './answers.js';
import { findServerLocale } from './guild-settings.js';
import { type Result, refuse } from './refusal.js';
import { refreshGuildDecks } from './server-decks.js';
import { resolveTimeZone } from './time-zone.js';
import { scheduleFor } from './tuning.js';

/** A question of a group quiz: scenario or multiple choice, the only kinds a quiz asks. */
export type QuizItem = CatalogItem & {
  item: Extract<CatalogItem['item'], { kind: 'scenario' | 'multiple_choice' }>;
};

/** What a quiz puts in its channel; the Discord adapter renders it. */
export type QuizScreen =
  | {
      type: 'started';
      hostUserId: string;
      deckTitle: CatalogItem['deck']['title'] | null;
      questionCount: number;
      seconds: number;
    }
  | {
      type: 'question';
      quizId: number;
      question: number;
      total: number;
      current: QuizItem;
      /** Display order of the options (indexes into the item's options). */
      order: number[];
      endsAt: Date;
    }
  | {
      type: 'reveal';
      question: number;
      total: number;
      current: QuizItem;
      order: number[];
      answers: StoredQuizAnswer[];
    }
  | { type: 'scoreboard'; scores: QuizScore[] };

/** Where a quiz posts: the channel, through whichever client this process has. */
export interface QuizPoster {
  /** Posts a message in the channel and returns its id. */
  post(channelId: string, screen: QuizScreen, locale: Locale): Promise<string>;
  /** Replaces a message the bot posted; false when the message no longer exists. */
  edit(channelId: string, messageId: string, screen: QuizScreen, locale: Locale): Promise<boolean>;
}

function quizItem(deps: Deps, itemId: string | undefined): QuizItem | undefined {
  const found = itemId === undefined ? undefined : deps.catalog.findItem(itemId);
  if (!found || (found.item.kind !== 'scenario' && found.item.kind !== 'multiple_choice')) return undefined;
  return found as QuizItem;
}

export type StartQuizResult = Result<
  /** `locale`: the server's posting language, for the opening message. */
  { quiz: Quiz; screen: Extract<QuizScreen, { type: 'started' }>; locale: Locale },
  'unknown-deck' | 'no-questions' | 'already-running'
>;

/** Plans a quiz from the deck (or every deck) and opens it in the channel, its first question starting now. */
export async function startQuiz(
  deps: Deps,
  p: {
    guildId: string;
    channelId: string;
    hostUserId: string;
    deckId: string | null;
    questions?: number | null;
    seconds?: number | null;
  },
): Promise<StartQuizResult> {
  await refreshGuildDecks(deps, p.guildId);
  const visible = deps.catalog.decksFor(p.guildId);
  const deck = p.deckId === null ? undefined : visible.find((candidate) => candidate.id === p.deckId);
  if (p.deckId !== null && !deck) return refuse('unknown-deck', p.deckId);
  const settings = quizSettings(p);
  const candidates: QuizCandidate[] = [];
  for (const source of deck ? [deck] : visible) {
    for (const item of source.items) {
      if (item.kind === 'scenario' || item.kind === 'multiple_choice')
        candidates.push({ id: item.id, kind: item.kind, optionCount: item.options.length });
    }
  }
  const plan = planQuiz(candidates, settings.questions, deps.seed());
  if (plan.itemIds.length === 0) return refuse('no-questions');
  const created = await createQuiz(deps.db, {
    guildId: p.guildId,
    channelId: p.channelId,
    hostUserId: p.hostUserId,
    deckId: p.deckId,
    itemIds: plan.itemIds,
    optionOrders: plan.optionOrders,
    secondsPerQuestion: settings.seconds,
    now: deps.clock(),
  });
  if (!created.ok) return refuse(created.reason);
  return {
    ok: true,
    quiz: created.quiz,
    locale: await findServerLocale(deps, p.guildId),
    screen: {
      type: 'started',
      hostUserId: p.hostUserId,
      deckTitle: deck?.title ?? null,
      questionCount: plan.itemIds.length,
      seconds: settings.seconds,
    },
  };
}

/**
 * Posts the quiz's current question and remembers its message. A question whose item left the decks is not
 * posted; its time runs out and the quiz moves on.
 */
export async function postCurrentQuestion(deps: Deps, poster: QuizPoster, quiz: Quiz): Promise<void> {
  const current = quizItem(deps, quiz.itemIds[quiz.currentQuestion]);
  if (!current || quiz.status !== 'running' || !quiz.questionEndsAt) return;
  const screen: QuizScreen = {
    type: 'question',
    quizId: quiz.id,
    question: quiz.currentQuestion,
    total: quiz.itemIds.length,
    current,
    order: quiz.optionOrders[quiz.currentQuestion] ?? current.item.options.map((_, i) => i),
    endsAt: quiz.questionEndsAt,
  };
  const messageId = await poster.post(quiz.channelId, screen, await findServerLocale(deps, quiz.guildId));
  await setQuizMessage(deps.db, { quizId: quiz.id, question: quiz.currentQuestion, messageId });
}

export type QuizAnswerResult = Result<{ display: number }, QuizAnswerRefusal>;

/**
 * One member's press on a question. The answer is kept (once per member and question) and counted as a review
 * in the member's own schedule. Whether it was right is not told until the reveal.
 */
export async function answerQuiz(
  deps: Deps,
  actor: { userId: string; user?: UserSettings },
  target: { quizId: number; question: number; option: number },
  from: QuizPlace,
): Promise<QuizAnswerResult> {
  const now = deps.clock();
  const quiz = await findQuiz(deps.db, target.quizId);
  // A custom_id is only text: a press from another server, channel or message is no answer to this quiz.
  if (quiz !== null && !isPressFromQuiz(quiz, { ...from, question: target.question }))
    return refuse('quiz-missing');
  const refusal = checkQuizTarget(quiz, { question: target.question, now });
  if (refusal !== null || quiz === null || quiz.questionEndsAt === null) return refuse(refusal ?? 'time-up');
  const current = quizItem(deps, quiz.itemIds[target.question]);
  if (!current) return refuse('quiz-missing');
  const order = quiz.optionOrders[target.question] ?? current.item.options.map((_, i) => i);
  const display = order.indexOf(target.option);
  if (display < 0 || target.option >= current.item.options.length) return refuse('bad-option');
  // The router has loaded the member's settings already; read them only when called without them.
  const user = actor.user ?? (await findOrCreateUser(deps.db, actor.userId));
  const [zone, schedule] = await Promise.all([
    resolveTimeZone(deps, { memberZone: user.timezone, guildId: quiz.guildId }),
    scheduleFor(deps, { userId: actor.userId, guildId: quiz.guildId }),
  ]);
  const recorded = await recordQuizAnswer(deps, {
    userId: actor.userId,
    now,
    zone,
    targetRetention: user.targetRetention,
    schedule,
    away: user.away,
    quiz,
    question: target.question,
    itemId: current.item.id,
    option: target.option,
    correct: target.option === current.item.answer,
    responseMs: now.getTime() - questionStartedAt(quiz.questionEndsAt, quiz.secondsPerQuestion).getTime(),
  });
  return recorded.ok ? { ok: true, display } : recorded;
}

async function reveal(
  deps: Deps,
  poster: QuizPoster,
  quiz: Quiz,
  question: number,
  messageId: string | null,
) {
  const current = quizItem(deps, quiz.itemIds[question]);
  if (!current) return;
  const screen: QuizScreen = {
    type: 'reveal',
    question,
    total: quiz.itemIds.length,
    current,
    order: quiz.optionOrders[question] ?? current.item.options.map((_, i) => i),
    answers: await findQuizAnswers(deps.db, quiz.id, question),
  };
  const locale = await findServerLocale(deps, quiz.guildId);
  if (messageId && (await poster.edit(quiz.channelId, messageId, screen, locale))) return;
  await poster.post(quiz.channelId, screen, locale);
}

/**
 * The quiz clock's tick: every running quiz whose question has ended at `now` is moved on by exactly one process
 * (the one whose conditional update wins), which reveals the answer, then posts the next question or, after the
 * last, the scoreboard. Safe to run on every replica at once and as often as wanted. Returns how many questions
 * this process closed.
 */
export async function advanceQuizzes(deps: Deps, poster: QuizPoster, now: Date): Promise<number> {
  let closed = 0;
  for (const quiz of await findQuizzesEndingBy(deps.db, now)) {
    const question = quiz.currentQuestion;
    const claimed = await claimQuizAdvance(deps.db, {
      quizId: quiz.id,
      from: question,
      questionCount: quiz.itemIds.length,
      secondsPerQuestion: quiz.secondsPerQuestion,
      now,
    });
    if (!claimed) continue;
    closed++;
    const log = deps.log.child({ quizId: quiz.id, question, channelId: quiz.channelId });
    try {
      // The message as read before the claim: the question's own, or none (then the reveal is a new post).
      await reveal(deps, poster, quiz, question, quiz.messageId);
    } catch (error) {
      log.warn({ err: error }, 'could not reveal a quiz answer');
    }
    try {
      if (claimed.status === 'running') {
        await postCurrentQuestion(deps, poster, claimed);
      } else {
        const scores = rankQuizScores(await findQuizAnswers(deps.db, quiz.id));
        const locale = await findServerLocale(deps, quiz.guildId);
        await poster.post(quiz.channelId, { type: 'scoreboard', scores }, locale);
        log.info({ members: scores.length }, 'quiz finished');
      }
    } catch (error) {
      // A channel the bot can no longer post in would otherwise keep a quiz running with nobody able to answer.
      log.warn({ err: error }, 'could not post in the quiz channel; stopping the quiz');
      await abandonQuiz(deps.db, quiz.id, now);
    }
  }
  return closed;
}

/** Ends a quiz whose first question could not be posted. */
export async function abandonStartedQuiz(deps: Deps, quizId: number): Promise<void> {
  await abandonQuiz(deps.db, quizId, deps.clock());
}

/** Running quizzes whose question ends by `by`: the scheduler sets a timer for each. */
export async function findQuizzesToWatch(deps: Deps, by: Date): Promise<{ quizId: number; endsAt: Date }[]> {
  return (await findQuizzesEndingBy(deps.db, by)).flatMap((quiz) =>
    quiz.questionEndsAt ? [{ quizId: quiz.id, endsAt: quiz.questionEndsAt }] : [],
  );
}
