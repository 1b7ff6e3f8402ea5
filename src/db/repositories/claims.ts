import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Database, SqlClient } from '../client.js';
import { botState, interactionClaims, jobRuns } from '../schema/index.js';

/**
 * Claims an interaction for this process. Exactly one process gets `true` for an id, however many receive it:
 * the primary key decides. Every interaction starts here, so it is plain SQL, prepared once per connection.
 */
export async function claimInteraction(
  sql: SqlClient,
  interactionId: string,
  claimedBy: string,
  now: Date,
): Promise<boolean> {
  const rows = await sql`
    insert into interaction_claims (interaction_id, claimed_by, claimed_at)
    values (${interactionId}, ${claimedBy}, ${now.toISOString()}::timestamptz)
    on conflict do nothing
    returning interaction_id`;
  return rows.length === 1;
}

/** Interaction tokens live 15 minutes; older claims can never be contested again. */
export async function pruneInteractionClaims(db: Database, before: Date): Promise<number> {
  const rows = await db
    .delete(interactionClaims)
    .where(lt(interactionClaims.claimedAt, before))
    .returning({ id: interactionClaims.interactionId });
  return rows.length;
}

export async function completeJobRun(db: Database, job: string, key: string, now: Date): Promise<void> {
  await db
    .update(jobRuns)
    .set({ completedAt: now })
    .where(and(eq(jobRuns.job, job), eq(jobRuns.key, key), isNull(jobRuns.completedAt)));
}

/**
 * Claims a once-only job run that may need retrying. The first process to claim `key` does the work and marks it
 * with {@link completeJobRun}; until then the claim is a lease: a claim older than `leaseMs` and not completed
 * (its process died mid-run) can be taken over by the next attempt, and {@link releaseJobRun} gives a failed run
 * back at once. Two processes racing for the same key or the same expired lease: the row lock of the upsert lets
 * exactly one win.
 */
export async function claimJobRunWithLease(
  db: Database,
  p: { job: string; key: string; claimedBy: string; now: Date; leaseMs: number },
): Promise<boolean> {
  const rows = await db
    .insert(jobRuns)
    .values({ job: p.job, key: p.key, claimedBy: p.claimedBy, claimedAt: p.now })
    .onConflictDoUpdate({
      target: [jobRuns.job, jobRuns.key],
      set: { claimedBy: p.claimedBy, claimedAt: p.now },
      setWhere: and(
        isNull(jobRuns.completedAt),
        lt(jobRuns.claimedAt, new Date(p.now.getTime() - p.leaseMs)),
      ),
    })
    .returning({ key: jobRuns.key });
  return rows.length === 1;
}

/** Gives up this process's uncompleted claim so the next attempt can run the job. */
export async function releaseJobRun(
  db: Database,
  job: string,
  key: string,
  claimedBy: string,
): Promise<void> {
  await db
    .delete(jobRuns)
    .where(
      and(
        eq(jobRuns.job, job),
        eq(jobRuns.key, key),
        eq(jobRuns.claimedBy, claimedBy),
        isNull(jobRuns.completedAt),
      ),
    );
}

export async function readBotState(db: Database, key: string): Promise<string | null> {
  const [row] = await db.select().from(botState).where(eq(botState.key, key));
  return row?.value ?? null;
}

export async function writeBotState(db: Database, key: string, value: string, now: Date): Promise<void> {
  await db
    .insert(botState)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: botState.key, set: { value, updatedAt: now } });
}
