import { claimInteraction, pruneInteractionClaims } from '../db/repositories/claims.js';
import { saveGuildDiscordLocale } from '../db/repositories/guilds.js';
import { findOrCreateUser, saveLastLocale, takePendingNotice } from '../db/repositories/users.js';
import type { Deps } from '../deps.js';
import type { UserSettings } from '../domain/settings.js';

/** What the router needs before and after a handler: the claim, the member, the notice left for them. */

/**
 * Claims an interaction for this process (exactly one process gets `claimed` for an id, however many receive it)
 * and reads the member's settings beside the claim, on another connection at the same time.
 */
export async function claimAndLoadMember(
  deps: Deps,
  p: { interactionId: string; userId: string },
): Promise<{ claimed: boolean; user: UserSettings }> {
  const [claimed, user] = await Promise.all([
    claimInteraction(deps.sql, p.interactionId, deps.instanceId, deps.clock()),
    findOrCreateUser(deps.db, p.userId),
  ]);
  return { claimed, user };
}

/**
 * Keeps the languages Discord reports with an interaction, for messages sent outside one: the member's client
 * locale when it changed, and the server's preferred locale (passed only for commands in a server with boksup,
 * so button presses cost nothing).
 */
export async function rememberLocales(
  deps: Deps,
  p: { user: UserSettings; locale: string; guild: { id: string; locale: string } | null },
): Promise<void> {
  await Promise.all([
    p.user.lastLocale === p.locale ? undefined : saveLastLocale(deps.db, p.user.userId, p.locale),
    p.guild ? saveGuildDiscordLocale(deps.db, p.guild.id, p.guild.locale) : undefined,
  ]);
}

/** Takes the member's pending notice, if any, so it is shown exactly once. */
export const takeNotice = (deps: Deps, userId: string): Promise<string | null> =>
  takePendingNotice(deps.db, userId);

/** Interaction tokens live 15 minutes; a claim older than an hour can never be contested again. */
const CLAIM_RETENTION_MS = 60 * 60_000;

/** Deletes claims too old to be contested, so the claims table stays small; returns how many. */
export const pruneOldClaims = (deps: Deps, now: Date): Promise<number> =>
  pruneInteractionClaims(deps.db, new Date(now.getTime() - CLAIM_RETENTION_MS));
