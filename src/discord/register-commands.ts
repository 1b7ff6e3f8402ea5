import { createHash } from 'node:crypto';
import { type REST, Routes } from 'discord.js';
import type { Deps } from '../deps.js';
import { isPublished, rememberPublished } from '../services/command-registry.js';
import type { SlashCommand } from './command.js';

/**
 * Publishes the command definitions, to one server when `guildId` is set (instant, for a study group) or globally.
 * Skipped when the definitions are unchanged since the last registration in this database, so restarts do not
 * spend Discord's daily command-creation allowance.
 */
export async function registerCommands(
  deps: Deps,
  rest: REST,
  p: { applicationId: string; guildId: string | undefined; commands: readonly SlashCommand[] },
): Promise<'registered' | 'unchanged'> {
  const body = p.commands.map((command) => command.data);
  const scope = p.guildId ? `guild:${p.guildId}` : 'global';
  const hash = createHash('sha256')
    .update(JSON.stringify({ applicationId: p.applicationId, body }))
    .digest('hex');
  if (await isPublished(deps, scope, hash)) return 'unchanged';
  const route = p.guildId
    ? Routes.applicationGuildCommands(p.applicationId, p.guildId)
    : Routes.applicationCommands(p.applicationId);
  await rest.put(route, { body });
  await rememberPublished(deps, scope, hash);
  return 'registered';
}
