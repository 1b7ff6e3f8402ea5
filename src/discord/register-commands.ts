import { createHash } from 'node:crypto';
import { ApplicationIntegrationType, type REST, Routes } from 'discord.js';
import type { Deps } from '../deps.js';
import { isPublished, rememberPublished } from '../services/command-registry.js';
import type { SlashCommand } from './command.js';

/** A command only a server that added boksup offers (no user install): it can live in that server alone. */
const isServerOnly = (command: SlashCommand) =>
  !(command.data.integration_types ?? []).includes(ApplicationIntegrationType.UserInstall);

/**
 * Publishes the command definitions. With `guildId` (a study group), server-only commands go to that server,
 * where changes show at once; the commands a member uses anywhere (DMs, their own install) are always global,
 * since a server's commands exist only in that server. Each scope is skipped when its definitions are unchanged
 * since the last registration in this database, so restarts do not spend Discord's daily command-creation
 * allowance.
 */
export async function registerCommands(
  deps: Deps,
  rest: REST,
  p: { applicationId: string; guildId: string | undefined; commands: readonly SlashCommand[] },
): Promise<'registered' | 'unchanged'> {
  const inGuild = p.guildId ? p.commands.filter(isServerOnly) : [];
  const global = p.commands.filter((command) => !inGuild.includes(command));
  const outcomes = [await publish(deps, rest, p.applicationId, undefined, global)];
  if (p.guildId) outcomes.push(await publish(deps, rest, p.applicationId, p.guildId, inGuild));
  return outcomes.includes('registered') ? 'registered' : 'unchanged';
}

async function publish(
  deps: Deps,
  rest: REST,
  applicationId: string,
  guildId: string | undefined,
  commands: readonly SlashCommand[],
): Promise<'registered' | 'unchanged'> {
  const body = commands.map((command) => command.data);
  const scope = guildId ? `guild:${guildId}` : 'global';
  const hash = createHash('sha256').update(JSON.stringify({ applicationId, body })).digest('hex');
  if (await isPublished(deps, scope, hash)) return 'unchanged';
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  await rest.put(route, { body });
  await rememberPublished(deps, scope, hash);
  return 'registered';
}
