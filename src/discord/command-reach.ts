import {
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

type Reach = Pick<RESTPostAPIChatInputApplicationCommandsJSONBody, 'integration_types' | 'contexts'>;

/**
 * A member's own study: offered wherever the member is, through a server that added boksup or through boksup
 * installed to the member's account (servers without the bot, the bot's DM, DMs between users). Every answer there
 * is ephemeral or goes through the interaction, which needs no bot in the channel.
 */
export const EVERYWHERE: Reach = {
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [
    InteractionContextType.Guild,
    InteractionContextType.BotDM,
    InteractionContextType.PrivateChannel,
  ],
};

/** Group features: they post in the channel and read the server's board, so they need the bot in the server. */
export const SERVER_ONLY: Reach = {
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
};
