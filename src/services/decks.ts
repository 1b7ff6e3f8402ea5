import { type DeckProgress, findDeckProgress } from '../db/repositories/item-states.js';
import type { Deps } from '../deps.js';
import { addDays, localDate, startOfLocalDay } from '../domain/local-time.js';
import type { UserSettings } from '../domain/settings.js';
import { resolveTimeZone } from './time-zone.js';

/** The member's progress in each deck; "due today" runs to the end of their local day. */
export async function findMemberDeckProgress(
  deps: Deps,
  p: { user: UserSettings; guildId: string | null },
): Promise<Map<string, DeckProgress>> {
  const zone = await resolveTimeZone(deps, { memberZone: p.user.timezone, guildId: p.guildId });
  const endOfToday = startOfLocalDay(addDays(localDate(deps.clock(), zone), 1), zone);
  const rows = await findDeckProgress(deps.db, p.user.userId, endOfToday);
  return new Map(rows.map((row) => [row.deckId, row]));
}
