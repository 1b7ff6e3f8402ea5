import { findOrCreateGuild } from '../db/repositories/guilds.js';
import type { Deps } from '../deps.js';
import { isValidTimeZone, pickTimeZone } from '../domain/local-time.js';

/**
 * The zone a member's days are read in: their own, else their server's, else the bot's default (the rule is
 * `pickTimeZone`). The server's row is read only when the member has no zone of their own. Without a member
 * (a server's board, its weekly post), the server's zone, else the default.
 */
export async function resolveTimeZone(
  deps: Deps,
  p: { memberZone?: string | null; guildId: string | null },
): Promise<string> {
  if (p.memberZone && isValidTimeZone(p.memberZone)) return p.memberZone;
  const guildZone = p.guildId ? (await findOrCreateGuild(deps.db, p.guildId)).timezone : null;
  return pickTimeZone([guildZone], deps.config.defaultTimezone);
}
