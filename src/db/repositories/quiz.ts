import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Quiz, StoredQuizAnswer } from '../../domain/quiz.js';
import type { Database } from '../client.js';
import { guilds, quizAnswers, quizzes } from '../schema/index.js';

type QuizRow = typeof quizzes.$inferSelect;
const toQuiz = (row: QuizRow): Quiz => ({
  ...row,
  status: row.status === 'running' ? 'running' : 'finished',
});

export async function findQuiz(db: Database, quizId: number): Promise<Quiz | null> {
  const [row] = await db.select().from(quizzes).where(eq(quizzes.id, quizId));
  return row ? toQuiz(row) : null;
}

/**
 * Creates a quiz whose first question runs from `now` for `secondsPerQuestion`, unless the channel already has a
 * running quiz. The check and the insert hold a per-channel advisory lock, so two members starting a quiz at the
 * same moment (or on two replicas) get one quiz.
 */
export async function createQuiz(
  db: Database,
  p: Pick<
    Quiz,
    'guildId' | 'channelId' | 'hostUserId' | 'deckId' | 'itemIds' | 'optionOrders' | 'secondsPerQuestion'
  > & { now: Date },
): Promise<{ ok: true; quiz: Quiz } | { ok: false; reason: 'already-running' }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`quiz-channel:${p.channelId}`}))`);
    const [running] = await tx
      .select({ id: quizzes.id })
      .from(quizzes)
      .where(and(eq(quizzes.channelId, p.channelId), eq(quizzes.status, 'running')))
      .limit(1);
    if (running) return { ok: false, reason: 'already-running' } as const;
    // Its answers list members on the server's board, which refers to the server's row.
    await tx.insert(guilds).values({ id: p.guildId }).onConflictDoNothing();
    const [row] = await tx
      .insert(quizzes)
      .values({
        guildId: p.guildId,
        channelId: p.channelId,
        hostUserId: p.hostUserId,
        deckId: p.deckId,
        itemIds: p.itemIds,
        optionOrders: p.optionOrders,
        currentQuestion: 0,
        questionEndsAt: new Date(p.now.getTime() + p.secondsPerQuestion * 1000),
        status: 'running',
        secondsPerQuestion: p.secondsPerQuestion,
        createdAt: p.now,
      })
      .returning();
    if (!row) throw new Error('quiz insert returned nothing');
    return { ok: true, quiz: toQuiz(row) } as const;
  });
}

/** Remembers the message showing `question`, so the reveal can edit it; ignored once the quiz moved on. */
export async function setQuizMessage(
  db: Database,
  p: { quizId: number; question: number; messageId: string },
): Promise<void> {
  await db
    .update(quizzes)
    .set({ messageId: p.messageId })
    .where(and(eq(quizzes.id, p.quizId), eq(quizzes.currentQuestion, p.question)));
}

/** Ends a quiz early (its channel cannot be posted in). */
export async function abandonQuiz(db: Database, quizId: number, now: Date): Promise<void> {
  await db
    .update(quizzes)
    .set({ status: 'finished', questionEndsAt: null, finishedAt: now })
    .where(and(eq(quizzes.id, quizId), eq(quizzes.status, 'running')));
}

/** Running quizzes whose current question has ended by `by`, soonest first. */
export async function findQuizzesEndingBy(db: Database, by: Date): Promise<Quiz[]> {
  const rows = await db
    .select()
    .from(quizzes)
    .where(and(eq(quizzes.status, 'running'), lte(quizzes.questionEndsAt, by)))
    .orderBy(asc(quizzes.questionEndsAt));
  return rows.map(toQuiz);
}

/**
 * Moves a quiz past question `from`, only if it is still on that question and the question has ended at `now`.
 * Exactly one caller gets the row back, however many processes try: that one reveals and posts what follows.
 * The message id is cleared, so a question whose message never got posted (a crash right after the claim) is
 * never confused with the one before it. After the last question the quiz is finished.
 */
export async function claimQuizAdvance(
  db: Database,
  p: { quizId: number; from: number; questionCount: number; secondsPerQuestion: number; now: Date },
): Promise<Quiz | null> {
  const next = p.from + 1;
  const finished = next >= p.questionCount;
  const [row] = await db
    .update(quizzes)
    .set({
      currentQuestion: next,
      questionEndsAt: finished ? null : new Date(p.now.getTime() + p.secondsPerQuestion * 1000),
      status: finished ? 'finished' : 'running',
      finishedAt: finished ? p.now : null,
      messageId: null,
    })
    .where(
      and(
        eq(quizzes.id, p.quizId),
        eq(quizzes.status, 'running'),
        eq(quizzes.currentQuestion, p.from),
        lte(quizzes.questionEndsAt, p.now),
      ),
    )
    .returning();
  return row ? toQuiz(row) : null;
}

export async function findQuizAnswers(
  db: Database,
  quizId: number,
  question?: number,
): Promise<StoredQuizAnswer[]> {
  return db
    .select({
      userId: quizAnswers.userId,
      question: quizAnswers.question,
      option: quizAnswers.option,
      correct: quizAnswers.correct,
      answeredAt: quizAnswers.answeredAt,
    })
    .from(quizAnswers)
    .where(
      and(
        eq(quizAnswers.quizId, quizId),
        question === undefined ? undefined : eq(quizAnswers.question, question),
      ),
    )
    .orderBy(asc(quizAnswers.answeredAt), asc(quizAnswers.userId));
}
