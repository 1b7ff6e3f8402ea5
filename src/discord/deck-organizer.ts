import type { APIInteractionGuildMember, GuildMember, PermissionsBitField } from 'discord.js';
import { PermissionFlagsBits } from 'discord.js';
import type { Deps } from '../deps.js';
import { mayManageDecks } from '../services/guild-settings.js';

interface GuildInteraction {
  memberPermissions: Readonly<PermissionsBitField> | null;
  member: GuildMember | APIInteractionGuildMember;
}

/** Whether the member behind a server interaction may manage its decks (Manage Server, or the deck role). */
export function isDeckOrganizer(
  deps: Deps,
  interaction: GuildInteraction,
  guildId: string,
): Promise<boolean> {
  const roles = interaction.member.roles;
  return mayManageDecks(deps, {
    guildId,
    hasManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    // A cached member carries a role manager; a raw one (the bot not caching the server) a list of ids.
    roleIds: Array.isArray(roles) ? roles : [...roles.cache.keys()],
  });
}
