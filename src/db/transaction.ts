import type { Database } from './client.js';

/** Thrown inside a transaction to roll it back; never leaves {@link transactUnlessRefused}. */
const ROLLBACK = Symbol('rollback');

/**
 * Runs `work` in one transaction that commits only when it returns `{ ok: true }`: a refusal found after the rows
 * were locked rolls back whatever the locking statements wrote (a created item state), so a refused press leaves
 * the database as it was.
 */
export async function transactUnlessRefused<T extends { ok: boolean }>(
  db: Database,
  work: (tx: Database) => Promise<T>,
): Promise<T> {
  let refused: T | undefined;
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx as Database);
      if (!result.ok) {
        refused = result;
        throw ROLLBACK;
      }
      return result;
    });
  } catch (error) {
    if (error === ROLLBACK && refused) return refused;
    throw error;
  }
}
