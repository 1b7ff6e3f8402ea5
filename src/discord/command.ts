import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Deps } from '../deps.js';
import type { UserSettings } from '../domain/settings.js';
import type { Locale } from '../i18n/messages.js';

/** What the router knows about the member before a handler runs. */
export interface InteractionContext {
  locale: Locale;
  user: UserSettings;
  /**
   * The server with boksup the interaction comes from, or null: in a DM, a DM between users, or a server that
   * only the member's own install of boksup reaches (no bot there, no board, no settings).
   */
  guildId: string | null;
}

/** A slash command: its registration JSON and its handler, kept together so they cannot drift apart. */
export interface SlashCommand {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(deps: Deps, interaction: ChatInputCommandInteraction, context: InteractionContext): Promise<void>;
  autocomplete?(deps: Deps, interaction: AutocompleteInteraction, context: InteractionContext): Promise<void>;
}
