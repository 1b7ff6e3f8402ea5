import { readBotState, writeBotState } from '../db/repositories/claims.js';
import type { Deps } from '../deps.js';

/**
 * Which command definitions were last published, per scope (a server or global), so restarts that change nothing
 * do not spend Discord's daily command-creation allowance.
 */
const keyOf = (scope: string) => `commands-hash:${scope}`;

export async function isPublished(deps: Deps, scope: string, hash: string): Promise<boolean> {
  return (await readBotState(deps.db, keyOf(scope))) === hash;
}

export async function rememberPublished(deps: Deps, scope: string, hash: string): Promise<void> {
  await writeBotState(deps.db, keyOf(scope), hash, deps.clock());
}
