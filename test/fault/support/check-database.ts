import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import type { AcknowledgedAnswer } from './answer-stream.js';

/** What must hold after any crash: acknowledged answers stored, and every stored answer whole. */
export async function checkDatabase(db: Database, acknowledged: AcknowledgedAnswer[]) {
  const perSession = new Map<number, number>();
  for (const answer of acknowledged)
    perSession.set(answer.sessionId, (perSession.get(answer.sessionId) ?? 0) + 1);
  const logged = (await db.execute(
    sql`select session_id::int as session, count(*)::int as n from review_logs group by session_id`,
  )) as unknown as { session: number; n: number }[] | { rows: { session: number; n: number }[] };
  const rows = Array.isArray(logged) ? logged : logged.rows;
  const stored = new Map(rows.map((row) => [Number(row.session), Number(row.n)]));
  const lost = [...perSession].filter(([session, count]) => (stored.get(session) ?? 0) < count);
  expect(lost, 'acknowledged answers missing from review_logs (session, acknowledged)').toEqual([]);

  const query = async (text: ReturnType<typeof sql>) => {
    const result = (await db.execute(text)) as unknown;
    return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
      string,
      unknown
    >[];
  };
  // A log row without the state change it records, or a state change without its log row.
  expect(
    await query(sql`
      select l.user_id, l.item_id, count(*)::int as logs, max(s.reps) as reps
      from review_logs l left join item_states s on s.user_id = l.user_id and s.item_id = l.item_id
      group by l.user_id, l.item_id
      having max(s.reps) is null or max(s.reps) <> count(*) or max(s.last_review) < max(l.reviewed_at)`),
  ).toEqual([]);
  expect(
    await query(sql`
      select s.user_id, s.item_id from item_states s
      where s.reps > 0 and not exists (select 1 from review_logs l where l.user_id = s.user_id and l.item_id = s.item_id)`),
  ).toEqual([]);
  // A session's counters move in the same transaction as its log rows.
  expect(
    await query(sql`
      select s.id, s.answered, s.position, (select count(*)::int from review_logs l where l.session_id = s.id) as logs
      from study_sessions s
      where s.answered <> (select count(*) from review_logs l where l.session_id = s.id) or s.position <> s.answered`),
  ).toEqual([]);
  // Every member who answered has a streak.
  expect(
    await query(sql`
      select u.id from users u
      where exists (select 1 from review_logs l where l.user_id = u.id) and u.streak_current < 1`),
  ).toEqual([]);
  return rows.reduce((sum, row) => sum + Number(row.n), 0);
}
